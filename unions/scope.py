"""The user's scope: the one place that says which units a user reaches.

Every app asks the same questions — which subtrees does this user manage, with which role kinds;
does this object's unit lie inside one of them; which units is the user a member of; is the user
on this unit's ancestor chain — and every answer comes from one :class:`Scope`, computed once per
request (``request.scope``, or :func:`scope_for` for a user object: the result is kept on the user,
so both give the same object within a request).

Rules:

* A role on a unit covers that unit's whole subtree. Only roles on units that are still valid
  count (a unit that merged away or was dissolved gives no reach).
* A superuser sees everything: :attr:`Scope.sees_everything`. That is a flag, never a magic path;
  :meth:`Scope.filter` turns it into a filter that matches every row and stays "everything" when
  OR-ed with another filter (an empty ``Q()`` would vanish from ``Q(a) | Q()``).
* Objects outside the scope are a 404, not a 403: the ``get_<model>_for_user`` helpers in each
  app's ``access.py`` filter with :meth:`Scope.filter` before looking the object up.

How to use it in a new app (``reports/access.py``, say)::

    from unions.scope import scope_for

    def reports_visible_to(user):
        return UnitReport.objects.filter(scope_for(user).filter("unit__path"))

    def get_report_for_user(user, pk):
        return get_object_or_404(reports_visible_to(user), pk=pk)

Unit paths are materialised paths (``Union.path``): a subtree is a prefix, so every filter here is
an indexed range scan.
"""

from django.db.models import Q
from django.utils import timezone

from .models import PATH_STEP, Membership, Role, Union

MANAGER_KINDS = (Role.Kind.OFFICER, Role.Kind.EDITOR, Role.Kind.ADMIN)
ADMIN_KINDS = (Role.Kind.ADMIN,)

_NOTHING = Q(pk__in=[])
_EVERYTHING = ~Q(pk__in=[])


def ancestor_paths(paths):
    """The given unit paths and the paths of all their ancestors, as one set."""
    return {p[:i] for p in paths for i in range(PATH_STEP, len(p) + 1, PATH_STEP)}


def minimal_paths(paths):
    """Drop paths already covered by a shorter one (a subtree inside another subtree)."""
    out = []
    for path in sorted(set(paths)):
        if not out or not path.startswith(out[-1]):
            out.append(path)
    return out


def _path_of(unit_or_path):
    return unit_or_path if isinstance(unit_or_path, str) else unit_or_path.path


class Scope:
    """What one user reaches. Cheap to build; its two queries run on first use, then are kept."""

    def __init__(self, user):
        self.user = user
        self.is_authenticated = bool(user is not None and user.is_authenticated)
        self.sees_everything = bool(self.is_authenticated and user.is_superuser)
        self._roles = None
        self._member_units = None

    def __repr__(self):
        return f"<Scope {self.user} everything={self.sees_everything}>"

    # --- Roles ------------------------------------------------------------------------------

    @property
    def roles(self):
        """``[(kind, union_id, path)]`` of the user's roles on units that are still valid."""
        if self._roles is None:
            self._roles = []
            if self.is_authenticated:
                today = timezone.localdate()
                self._roles = list(
                    Role.objects.filter(user_id=self.user.pk)
                    .filter(Q(union__valid_to__isnull=True) | Q(union__valid_to__gte=today))
                    .values_list("kind", "union_id", "union__path")
                )
        return self._roles

    def paths(self, kinds=MANAGER_KINDS):
        """Tops of the subtrees the user manages with one of ``kinds`` (none nested in another).

        The user's own roles only: a superuser without roles has none — ask
        :attr:`sees_everything` for that.
        """
        return minimal_paths(path for kind, _pk, path in self.roles if kind in kinds)

    def role_unit_ids(self, kinds=MANAGER_KINDS):
        """IDs of the units the user's roles sit on (the level they act at)."""
        return sorted({pk for kind, pk, _path in self.roles if kind in kinds})

    @property
    def has_roles(self):
        return bool(self.paths())

    @property
    def is_officer(self):
        """Manages something: a superuser, or an officer, editor or admin role on a valid unit."""
        return self.sees_everything or self.has_roles

    @property
    def is_admin(self):
        """Holds an admin role somewhere (or is a superuser)."""
        return self.sees_everything or bool(self.paths(ADMIN_KINDS))

    def filter(self, field="path", kinds=MANAGER_KINDS):
        """A ``Q`` on ``field`` (a unit path, e.g. ``"unit__path"``) for the user's subtrees.

        Matches nothing for a user who manages nothing; everything for a superuser.
        """
        if self.sees_everything:
            return _EVERYTHING
        q = _NOTHING
        for path in self.paths(kinds):
            q |= Q(**{f"{field}__startswith": path})
        return q

    def covers(self, unit, kinds=MANAGER_KINDS):
        """Whether ``unit`` (a Union or its path) lies in a subtree the user manages — that is,
        whether the user holds a role of ``kinds`` on the unit or on one of its ancestors (is on
        the unit's ancestor chain)."""
        if unit is None:
            return False
        if self.sees_everything:
            return True
        path = _path_of(unit)
        return any(path.startswith(p) for p in self.paths(kinds))

    def covers_strictly(self, unit, kinds=MANAGER_KINDS):
        """Whether ``unit`` lies strictly below a unit the user manages (not on it)."""
        path = _path_of(unit)
        return any(path.startswith(p) and len(path) > len(p) for p in self.paths(kinds))

    def is_admin_of(self, unit):
        return self.covers(unit, ADMIN_KINDS)

    def top_units(self, kinds=MANAGER_KINDS):
        """The units at the tops of the user's subtrees, as a queryset; the roots for a superuser."""
        if self.sees_everything:
            return Union.objects.filter(parent__isnull=True).order_by("name")
        return Union.objects.filter(path__in=self.paths(kinds)).order_by("path")

    def managed_unions(self, kinds=MANAGER_KINDS):
        return Union.objects.filter(self.filter("path", kinds))

    def above_roles_filter(self, field):
        """Objects addressed to the units the user's roles sit on or to their ancestors: what an
        officer carries out for the levels above (the national Congress campaign)."""
        paths = ancestor_paths(self.paths())
        return Q(**{f"{field}__in": paths}) if paths else _NOTHING

    # --- Memberships ------------------------------------------------------------------------

    @property
    def member_units(self):
        """The user's units with an active membership, oldest membership first."""
        if self._member_units is None:
            self._member_units = []
            if self.is_authenticated:
                self._member_units = [
                    m.union
                    for m in Membership.objects.active()
                    .filter(user_id=self.user.pk)
                    .select_related("union")
                    .order_by("created_at", "pk")
                ]
        return self._member_units

    @property
    def primary_unit(self):
        units = self.member_units
        return units[0] if units else None

    def member_unit_in(self, unit):
        """The user's member unit inside ``unit``'s subtree, or ``None``."""
        path = _path_of(unit)
        return next((u for u in self.member_units if u.path.startswith(path)), None)

    def member_chain_filter(self, field):
        """Objects of the user's member units or of their ancestors (what is addressed to them)."""
        paths = ancestor_paths(u.path for u in self.member_units)
        return Q(**{f"{field}__in": paths}) if paths else _NOTHING


def scope_for(user):
    """The :class:`Scope` of ``user``, built once and kept on the user object for the request."""
    scope = getattr(user, "_portal_scope", None)
    if scope is None:
        scope = Scope(user)
        if user is not None:
            try:
                user._portal_scope = scope
            except AttributeError:  # AnonymousUser instances accept attributes; be safe anyway
                pass
    return scope


def forget_scope(user):
    """Drop the kept scope (after the user's roles or memberships changed in this request)."""
    if user is not None and hasattr(user, "_portal_scope"):
        del user._portal_scope


class ScopeMiddleware:
    """Puts ``request.scope`` (lazy: nothing is queried until a view asks)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.functional import SimpleLazyObject

        request.scope = SimpleLazyObject(lambda: scope_for(request.user))
        return self.get_response(request)
