"""Re-reading a model with a protected FSM field, safely between threads.

django-fsm-2's ``FSMModelMixin.refresh_from_db`` turns the field's ``protected`` flag off and on around
Django's refresh. The flag lives on the *field*, shared by every instance in every thread: while one
thread has it off another turns it back on, and the first thread's refresh then fails with
"Direct status modification is not allowed" (a 500 after a committed step, issue 16). Here the refresh
never touches the flag: the protected values are dropped from the instance first, which the field's
descriptor allows to be set once, exactly as when a row is loaded.
"""

from django.db import models
from django_fsm import FSMFieldMixin


class SafeRefreshMixin:
    """Put first in the bases, before django-fsm's mixins: ``class Filing(SafeRefreshMixin, ...)``."""

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        protected = {
            f.attname for f in self._meta.concrete_fields if isinstance(f, FSMFieldMixin) and f.protected
        }
        if fields is None:
            # Name the fields Django would reload (all but the deferred ones), since dropping the
            # protected values below would otherwise make them look deferred and skip them.
            deferred = self.get_deferred_fields()
            self._prefetched_objects_cache = {}
            fields = [f.attname for f in self._meta.concrete_fields if f.attname not in deferred]
        for attname in protected.intersection(fields):
            self.__dict__.pop(attname, None)
        models.Model.refresh_from_db(self, using=using, fields=fields, from_queryset=from_queryset)
        # django-fsm's ConcurrentTransitionMixin.refresh_from_db (skipped above, as it calls the flag-toggling
        # FSMModelMixin) records the state just read: a later save() is checked against it, not the old one.
        update_initial_state = getattr(self, "_update_initial_state", None)
        if update_initial_state is not None:
            update_initial_state()

    def refresh_from_instance(self, other):
        """What :meth:`refresh_from_db` would read, taken from ``other``: the same row, just written by a step
        under its lock (its values, related objects and prefetched lists), so the caller's instance is current
        without another query."""
        protected = {
            f.attname for f in self._meta.concrete_fields if isinstance(f, FSMFieldMixin) and f.protected
        }
        for f in self._meta.concrete_fields:
            if f.attname in protected:
                self.__dict__.pop(f.attname, None)
            setattr(self, f.attname, getattr(other, f.attname))
        self._state.fields_cache = dict(other._state.fields_cache)
        self._prefetched_objects_cache = dict(getattr(other, "_prefetched_objects_cache", {}))
        update_initial_state = getattr(self, "_update_initial_state", None)
        if update_initial_state is not None:
            update_initial_state()
