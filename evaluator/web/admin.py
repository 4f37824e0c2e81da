from django.contrib import admin

from .models import Component, Design, PackOptOut, PackVersion, Revision

# A design's content changes only through the app, which records every save as a revision.
# Here an admin can move a design to another owner, mark it as an example, or hide it.
CONTENT_FIELDS = ("name", "slug", "summary", "context", "priorities", "version")


class ComponentInline(admin.TabularInline):
    model = Component
    fields = ("position", "name", "kind", "depends_on", "answers")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that never change once written: listed and shown, never added,
    changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Design)
class DesignAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "owner", "is_example", "version", "updated_at", "deleted_at")
    list_filter = ("is_example", "deleted_at")
    search_fields = ("name", "slug", "owner__username")
    fields = ("owner", "is_example", "deleted_at", *CONTENT_FIELDS, "created_at", "updated_at")
    readonly_fields = (*CONTENT_FIELDS, "created_at", "updated_at")
    inlines = [ComponentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Revisions protect their design; hide it by setting "deleted at" instead.
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ("design", "number", "author", "created_at", "short_hash")
    list_filter = ("design",)
    search_fields = ("design__name", "design__slug", "hash")
    fields = ("design", "number", "author", "created_at", "previous_hash", "hash", "snapshot")
    readonly_fields = fields


@admin.register(PackVersion)
class PackVersionAdmin(ReadOnlyAdmin):
    """Read-only: a stored version never changes, and which one is active is decided in
    the knowledge browser or by ``manage.py pack``, which check it against the others."""

    list_display = ("name", "version", "active", "stored_at", "stored_by", "retired_at")
    list_filter = ("active", "name")
    search_fields = ("name", "version", "sha256")
    fields = (
        "name",
        "version",
        "active",
        "stored_at",
        "stored_by",
        "activated_at",
        "retired_at",
        "sha256",
        "text",
    )
    readonly_fields = fields


@admin.register(PackOptOut)
class PackOptOutAdmin(admin.ModelAdmin):
    list_display = ("design", "name", "reason", "by", "at")
    list_filter = ("name",)
    search_fields = ("design__name", "design__slug", "name", "reason")
    raw_id_fields = ("design", "by")
