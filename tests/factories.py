import factory
from django.utils import timezone

from accounts.models import User
from unions.models import Level, Membership, Role, Union, UnitType

PASSWORD = "demo1234"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    phone = factory.Sequence(lambda n: f"09{n + 10000000:08d}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class UnionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"Công đoàn Công ty Thử nghiệm {n}")
    code = factory.Sequence(lambda n: f"U{n:05d}")
    level = Level.GRASSROOTS
    unit_type = UnitType.OTHER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    union = factory.SubFactory(UnionFactory)
    status = Membership.Status.ACTIVE
    joined_on = factory.LazyFunction(timezone.localdate)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    union = factory.SubFactory(UnionFactory)
    kind = Role.Kind.OFFICER
