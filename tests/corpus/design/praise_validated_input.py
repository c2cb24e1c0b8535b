# expect: design:praise-validated-input@14
"""Account pages of a Flask app: every form posts through a WTForms form."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from shop.accounts import bp
from shop.accounts.forms import AddressForm, ProfileForm
from shop.extensions import db


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        form.populate_obj(current_user)
        db.session.commit()
        flash("Profile saved.")
        return redirect(url_for("accounts.edit_profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/addresses/new", methods=["GET", "POST"])
@login_required
def add_address():
    form = AddressForm()
    if form.validate_on_submit():
        current_user.addresses.append(form.to_address())
        db.session.commit()
        return redirect(url_for("accounts.addresses"))
    return render_template("accounts/address.html", form=form)


@bp.route("/addresses")
@login_required
def addresses():
    return render_template("accounts/addresses.html", addresses=current_user.addresses)
