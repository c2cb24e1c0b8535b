# expect: design:ownership-unclear@25
"""Comments: editing is checked against the author, but deleting is not."""

from flask import abort, request
from flask_login import current_user, login_required

from forum.app import bp, db
from forum.models import Comment


@bp.route("/comments/<int:comment_id>", methods=["PUT"])
@login_required
def edit_comment(comment_id):
    comment = db.get_or_404(Comment, comment_id)
    if comment.author_id != current_user.id:
        abort(403)
    comment.body = request.form["body"]
    db.session.commit()
    return {"id": comment.id}


@bp.route("/comments/<int:comment_id>", methods=["DELETE"])
@login_required
def delete_comment(comment_id):
    comment = db.get_or_404(Comment, comment_id)
    db.session.delete(comment)
    db.session.commit()
    return "", 204


@bp.route("/comments/<int:comment_id>/flag", methods=["POST"])
@login_required
def flag_comment(comment_id):
    comment = db.get_or_404(Comment, comment_id)
    comment.flags += 1
    if comment.author_id == current_user.id:
        abort(400)
    db.session.commit()
    return {"flags": comment.flags}
