from django.urls import path

from .accounts import views as accounts
from .analysis import cases, compare, drilldown, impact, knowledge, packedit, packs
from .designs import files, history
from .designs import packs as design_packs
from .designs import views as designs
from .editor import views as editor
from .review import views as review

urlpatterns = [
    path("", designs.home, name="home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("designs/new/", designs.new, name="design_new"),
    path("designs/upload/", designs.upload_new, name="design_upload_new"),
    path("designs/<slug:slug>/", designs.detail, name="design"),
    path("designs/<slug:slug>/copy/", designs.copy, name="design_copy"),
    path("designs/<slug:slug>/delete/", designs.delete, name="design_delete"),
    # The editor: forms with live scores; the YAML text editor stays one link away.
    path("designs/<slug:slug>/edit/", editor.edit, name="design_edit"),
    path("designs/<slug:slug>/edit/score/", editor.score, name="design_edit_score"),
    path("designs/<slug:slug>/edit/components/", editor.components, name="design_edit_components"),
    path("designs/<slug:slug>/edit/yaml/", files.edit_yaml, name="design_edit_yaml"),
    path("designs/<slug:slug>/upload/", files.upload, name="design_upload"),
    path("designs/<slug:slug>/download/", files.download, name="design_download"),
    path("designs/<slug:slug>/packs/opt-out/", design_packs.opt_out, name="design_pack_opt_out"),
    path(
        "designs/<slug:slug>/packs/<slug:name>/opt-in/",
        design_packs.opt_in,
        name="design_pack_opt_in",
    ),
    path("designs/<slug:slug>/history/", history.history, name="design_history"),
    path("designs/<slug:slug>/history/<int:number>/", history.revision_detail, name="revision"),
    path(
        "designs/<slug:slug>/history/<int:number>/download/",
        history.revision_download,
        name="revision_download",
    ),
    path("designs/<slug:slug>/review/", review.preview, name="design_review"),
    path(
        "designs/<slug:slug>/review/download/<str:fmt>/",
        review.download,
        name="design_review_download",
    ),
    path(
        "designs/<slug:slug>/review/decisions/<int:index>/",
        review.record,
        name="design_review_record",
    ),
    # Reading results: drill-down (positions count from 1), comparisons, knowledge base.
    path(
        "designs/<slug:slug>/components/<int:position>/",
        drilldown.component,
        name="component",
    ),
    path(
        "designs/<slug:slug>/components/<int:position>/<slug:option>/",
        drilldown.component_option,
        name="component_option",
    ),
    path("designs/<slug:slug>/compare/", compare.compare_revisions, name="compare_revisions"),
    path("compare/", compare.compare_designs, name="compare_designs"),
    path("knowledge/", knowledge.index, name="knowledge"),
    path("knowledge/questions/", knowledge.questions, name="knowledge_questions"),
    path("knowledge/impact/<int:run_id>/", impact.run, name="impact_run"),
    # The case library: documented decisions the knowledge base is judged by.
    path("knowledge/cases/", cases.case_list, name="cases"),
    path("knowledge/cases/<slug:case_slug>/", cases.case_detail, name="case"),
    path("knowledge/cases/<slug:case_slug>/copy/", cases.case_copy, name="case_copy"),
    # Rule packs; before knowledge/<option>/, which takes any one segment.
    path("knowledge/packs/", packs.pack_list, name="packs"),
    path("knowledge/packs/upload/", packedit.upload, name="pack_upload"),
    path("knowledge/packs/<slug:name>/<str:version>/", packs.version, name="pack_version"),
    path(
        "knowledge/packs/<slug:name>/<str:version>/against/<str:against>/",
        packs.diff,
        name="pack_diff",
    ),
    path(
        "knowledge/packs/<slug:name>/<str:version>/download/",
        packs.download,
        name="pack_download",
    ),
    path(
        "knowledge/packs/<slug:name>/<str:version>/preview/",
        packedit.preview,
        name="pack_preview",
    ),
    path(
        "knowledge/packs/<slug:name>/<str:version>/activate/",
        packedit.activate,
        name="pack_activate",
    ),
    path(
        "knowledge/packs/<slug:name>/<str:version>/retire/",
        packedit.retire,
        name="pack_retire",
    ),
    path("knowledge/<slug:option>/", knowledge.option, name="knowledge_option"),
]
