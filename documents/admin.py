from django.contrib import admin

from .models import IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "title", "org", "issued_by", "issued_at")
    list_filter = ("kind",)
    search_fields = ("number", "title", "sha256")
    list_select_related = ("org", "issued_by")
    readonly_fields = [f.name for f in IssuedDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
