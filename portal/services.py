"""The portal's own writes: a citizen signed in by VNeID, the personal digital repository."""

from pathlib import PurePath

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from documents.services import check_reuse
from portal.models import PersonalDocument
from services import services
from services.constants import DocumentOrigin, Role
from services.exceptions import InvalidInput, NotPermitted
from services.models import User
from services.models.people import validate_personal_id


@transaction.atomic
def citizen_from_vneid(*, personal_id, full_name=""):
    """The citizen whose personal ID VNeID vouched for; made on first sign-in (username = the ID).

    The name is VNeID's full name as Vietnamese write it, family name first ("Nguyễn Văn An"); it is kept
    whole in ``full_name`` (and split for sorting: family and middle names, then the given name), and a
    changed name at VNeID is taken at the next sign-in."""
    validate_personal_id(personal_id)
    full_name = " ".join((full_name or "").split())
    last, _sep, first = full_name.rpartition(" ")
    user = User.objects.filter(personal_id=personal_id).first()
    if user is None:
        user = User.objects.create(
            username=personal_id,
            personal_id=personal_id,
            full_name=full_name,
            first_name=first,
            last_name=last,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif full_name and user.full_name != full_name:
        user.full_name, user.first_name, user.last_name = full_name, first, last
        user.save(update_fields=["full_name", "first_name", "last_name"])
    if not user.has_role(Role.CITIZEN) and not user.groups.exists():
        user.groups.add(Group.objects.get_or_create(name=Role.CITIZEN.value)[0])
    return user


def keep_in_repository(*, owner, document, title):
    """Keep a copy of an attached document in the owner's repository (once per content)."""
    existing = PersonalDocument.objects.filter(owner=owner, sha256=document.sha256).first()
    if existing:
        return existing
    document.file.open("rb")
    try:
        content = document.file.read()
    finally:
        document.file.close()
    personal = PersonalDocument(
        owner=owner,
        title=title,
        original_name=document.original_name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
    )
    personal.file.save(document.original_name, ContentFile(content), save=False)
    personal.save()
    return personal


def attach_from_repository(*, filing, actor, personal_document, required_document=None):
    """Attach a stored document: the server copies the stored file, nothing is uploaded again."""
    if personal_document.owner_id != actor.pk:
        raise NotPermitted(_("Giấy tờ không thuộc kho của bạn / The document is not in your repository."))
    personal_document.file.open("rb")
    try:
        content = personal_document.file.read()
    finally:
        personal_document.file.close()
    if not content:
        raise InvalidInput(_("Tệp rỗng / The file is empty."), code="file_empty")
    check_reuse(personal_document, content)  # a signed result: its signature and stored hash, again
    upload = ContentFile(content, name=PurePath(personal_document.original_name).name)
    upload.content_type = personal_document.content_type
    return services.attach_document(
        filing=filing,
        actor=actor,
        uploaded_file=upload,
        required_document=required_document,
        origin=DocumentOrigin.REUSED,
    )
