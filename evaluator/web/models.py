"""Designs, their components, and the append-only history of every save.

The rows here hold what a design *is*; turning them into an engine ``DesignSpec`` and
saving a spec back (with its revision) is the job of ``services.py``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

GENESIS_HASH = "0" * 64


class DesignQuerySet(models.QuerySet):
    def alive(self):
        """Designs that have not been deleted."""
        return self.filter(deleted_at__isnull=True)

    def owned_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.alive().filter(owner=user)

    def examples(self):
        return self.alive().filter(is_example=True)

    def visible_to(self, user):
        """The user's own designs plus the shared examples: the one visibility rule."""
        mine = Q(owner=user) if user.is_authenticated else Q(pk__in=[])
        return self.alive().filter(mine | Q(is_example=True))


class Design(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="designs",
        help_text="Empty for the shared examples.",
    )
    is_example = models.BooleanField(default=False)
    name = models.CharField(max_length=120)
    # Unique per owner (and among the examples), so that an address never tells one user
    # that another has a design of some name (see services.unique_slug).
    slug = models.SlugField(max_length=140)
    summary = models.TextField(blank=True, max_length=4000)
    context = models.JSONField(default=dict, blank=True)
    priorities = models.JSONField(default=dict, blank=True)
    # Bumped by every save; a save names the version it started from and is refused when
    # the row has moved on (optimistic locking, see services.save_design).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Revisions are never deleted, so neither is the design they belong to: deleting a
    # design hides it.
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = DesignQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_example=True) | Q(owner__isnull=False),
                name="design_has_owner_unless_example",
            ),
            models.UniqueConstraint(fields=["owner", "slug"], name="design_slug_per_owner"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(is_example=True), name="example_slug_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("design", args=[self.slug])


class Component(models.Model):
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=40)
    # [{"component": "<name>", "style": "sync" | "async"}, ...]
    depends_on = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["design", "position"]
        constraints = [
            models.UniqueConstraint(fields=["design", "name"], name="component_name_unique"),
            models.UniqueConstraint(
                fields=["design", "position"], name="component_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a revision."""


class RevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Revisions are append-only; they cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Revisions are append-only; they cannot be deleted.")

    update.queryset_only = True
    delete.queryset_only = True


def chain_hash(previous_hash: str, snapshot: str) -> str:
    """The hash that links a revision to the one before it.

    ``sha256(previous_hash + "\\n" + snapshot)`` over UTF-8, as 64 lowercase hex digits.
    ``previous_hash`` is the hex hash of the revision before, or 64 zeros (``GENESIS_HASH``)
    for the first revision; ``snapshot`` is the exact text stored in ``Revision.snapshot``.
    """
    return hashlib.sha256(f"{previous_hash}\n{snapshot}".encode()).hexdigest()


class Revision(models.Model):
    """One save of a design: an immutable snapshot, chained to the save before.

    ``snapshot`` is the canonical JSON of the design (``engine.spec.canonical_json``) kept
    as text, not as a JSON column: PostgreSQL's jsonb would reorder keys and spaces, and the
    hash must be recomputable byte for byte from what is stored. ``hash`` is
    ``chain_hash(previous_hash, snapshot)``; see that function for the formula.
    """

    design = models.ForeignKey(Design, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # History never changes, so an author with revisions is deactivated, not deleted.
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.TextField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # The knowledge the design was scored with when saved (services.knowledge_record):
    # {"version", "builtin" (the built-in files' digest), "packs": [[name, version,
    # sha256], ...]}; {} for revisions saved before it was recorded. Not part of the hash:
    # the chain proves the design's content, and this says what advice it got.
    knowledge = models.JSONField(default=dict, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["design", "number"]
        constraints = [
            models.UniqueConstraint(fields=["design", "number"], name="revision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.design} r{self.number}"

    def save(self, *args, **kwargs):
        # A guard, not business logic: history may only grow.
        if not self._state.adding:
            raise AppendOnlyError("Revisions are append-only; they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Revisions are append-only; they cannot be deleted.")

    @property
    def short_hash(self) -> str:
        return self.hash[:12]

    def expected_hash(self) -> str:
        return chain_hash(self.previous_hash, self.snapshot)


class Attempt(models.Model):
    """One counted attempt (a failed sign-in, a sign-up), kept for a short while.

    In the database rather than in process memory, so the limits hold across every app
    server behind a load balancer. See ``ratelimit.py``.
    """

    action = models.CharField(max_length=20)  # ratelimit.Budget.action
    key = models.CharField(max_length=200)  # what the budget is counted by
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["action", "key", "created_at"], name="attempt_key")]

    def __str__(self) -> str:
        return f"{self.action} {self.key} at {self.created_at:%Y-%m-%d %H:%M:%S}"


class PackVersionQuerySet(models.QuerySet):
    # Only the activation state may change in bulk; the content of a stored version never.
    MUTABLE = frozenset({"active", "activated_at", "retired_at"})

    def update(self, **kwargs):
        frozen = set(kwargs) - self.MUTABLE
        if frozen:
            raise AppendOnlyError(
                f"A stored pack version cannot be changed ({', '.join(sorted(frozen))});"
                " store a new version instead."
            )
        return super().update(**kwargs)

    def delete(self):
        raise AppendOnlyError("Pack versions are kept for good; retire a pack instead.")

    update.queryset_only = True
    delete.queryset_only = True

    def active(self):
        return self.filter(active=True)


class PackVersion(models.Model):
    """One version of an organisation's pack (``docs/packs.md``): its file's exact text,
    immutable once stored; only whether it is active changes. At most one version of a
    name is active; the active versions apply to every design that has not opted out."""

    name = models.CharField(max_length=60)
    version = models.CharField(max_length=40)
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    stored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when stored from the command line.",
    )
    stored_at = models.DateTimeField()
    active = models.BooleanField(default=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = PackVersionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "stored_at", "pk"]
        # Reading packs needs an account only; changing which knowledge applies to every
        # design needs this (the "Knowledge editors" group holds it, see migration 0007).
        permissions = [("manage_packs", "Can upload, activate and retire rule packs")]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="pack_version_unique"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(active=True), name="one_active_pack_version"
            ),
        ]

    FROZEN = ("name", "version", "text", "sha256", "stored_by_id", "stored_at")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    def save(self, *args, **kwargs):
        # A guard, not business logic: what was stored is what evaluations cite by hash.
        if not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN).first()
            if stored is None or any(stored[f] != getattr(self, f) for f in self.FROZEN):
                raise AppendOnlyError("A stored pack version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Pack versions are kept for good; retire a pack instead.")


class PackOptOut(models.Model):
    """A design that does not take an active pack (by name, so every version), and why."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="pack_opt_outs")
    name = models.CharField(max_length=60)
    reason = models.TextField(max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["design", "name"], name="pack_opt_out_unique")
        ]

    def __str__(self) -> str:
        return f"{self.design} opts out of {self.name}"


class ImpactRun(models.Model):
    """A preview of what a rule pack version would change: every stored design scored
    under today's knowledge and under the knowledge with that version active.

    Run in the background (``tasks.preview_impact``); ``done`` moves at least once a
    second while it runs, so any worker can draw the progress bar from this row alone.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    pack = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="impact_runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)  # designs to score
    done = models.PositiveIntegerField(default=0)
    # evaluator.reports.impact.Tally as a dict, so far: written with the progress.
    counts = models.JSONField(default=dict, blank=True)
    # The case library judged both ways (``impact.judge_cases``): written when it is done.
    cases = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"impact of {self.pack} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def seconds(self) -> float | None:
        """How long the run took, from the moment it was asked for."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.created_at).total_seconds()

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class ImpactChange(models.Model):
    """One component whose advice an impact preview found changing: what
    ``evaluator.reports.impact.ComponentChange`` holds, as JSON."""

    run = models.ForeignKey(ImpactRun, on_delete=models.CASCADE, related_name="changes")
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    change = models.JSONField()

    class Meta:
        ordering = ["run", "design__name", "design", "position"]

    def __str__(self) -> str:
        return f"{self.design} component {self.position} ({self.run})"
