import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from services import catalog_history
from services.constants import AgencyLevel, OnlineLevel, Role
from services.models import Agency, Procedure, Province, RequiredDocument, User
from services.roles import ensure_role_groups

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="giay-to.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tinh-{n}")
    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Tỉnh {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.Sequence(lambda n: f"UBND huyện {n}")
    level = AgencyLevel.DISTRICT


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    province = factory.SelfAttribute("agency.province")
    agency = factory.SubFactory(AgencyFactory)
    national_code = factory.Sequence(lambda n: f"1.{n:06d}")
    name = "Đăng ký thành lập hộ kinh doanh"
    field = "Thành lập và hoạt động của hộ kinh doanh"
    online_level = OnlineLevel.FULL
    processing_days = 3
    fee = 0

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """In the catalog since long before any period a test reports on (its first version from the epoch)."""
        procedure = model_class(*args, **kwargs)
        procedure.save(history_at=catalog_history.CATALOG_EPOCH)
        return procedure

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        for position, (name, mandatory) in enumerate(
            extracted or [("Tờ khai", True), ("Ảnh chân dung", False)]
        ):
            RequiredDocument.objects.create(procedure=self, name=name, mandatory=mandatory, position=position)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "An"
    last_name = "Nguyễn"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            groups = ensure_role_groups()
            self.groups.set([groups[Role(r)] for r in extracted])


def citizen(n=0, **kw):
    return UserFactory(roles=[Role.CITIZEN], personal_id=f"0860900{n:05d}", **kw)


def official(role, agency, **kw):
    return UserFactory(roles=[role], agency=agency, **kw)
