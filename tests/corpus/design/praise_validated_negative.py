# expect: design:unvalidated-request-body@22
"""Webhook and settings routes: one form, one raw JSON body."""

from flask import request

from billing.app import bp
from billing.forms import PlanForm
from billing.webhooks import handle_event


@bp.route("/plan", methods=["POST"])
def change_plan():
    form = PlanForm()
    if form.validate_on_submit():
        return {"plan": form.plan.data}
    return {"errors": form.errors}, 400


@bp.route("/webhooks/stripe", methods=["POST"])
def stripe_webhook():
    event = request.get_json()
    handle_event(event["type"], event["data"])
    return "", 204
