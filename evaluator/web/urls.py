from django.urls import path

from . import accounts, review_views, views
from . import views_analysis as analysis
from .editor import views as editor

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("designs/new/", views.design_new, name="design_new"),
    path("designs/upload/", views.design_upload_new, name="design_upload_new"),
    path("designs/<slug:slug>/", views.design_detail, name="design"),
    # The editor: forms with live scores; the YAML text editor stays one link away.
    path("designs/<slug:slug>/edit/", editor.edit, name="design_edit"),
    path("designs/<slug:slug>/edit/yaml/", views.design_edit, name="design_edit_yaml"),
    path("designs/<slug:slug>/edit/score/", editor.score, name="design_edit_score"),
    path("designs/<slug:slug>/edit/components/", editor.components, name="design_edit_components"),
    path("designs/<slug:slug>/upload/", views.design_upload, name="design_upload"),
    path("designs/<slug:slug>/download/", views.design_download, name="design_download"),
    path("designs/<slug:slug>/delete/", views.design_delete, name="design_delete"),
    path("designs/<slug:slug>/copy/", views.design_copy, name="design_copy"),
    path("designs/<slug:slug>/history/", views.design_history, name="design_history"),
    path(
        "designs/<slug:slug>/history/<int:number>/",
        views.revision_detail,
        name="revision",
    ),
    path(
        "designs/<slug:slug>/history/<int:number>/download/",
        views.revision_download,
        name="revision_download",
    ),
    path("designs/<slug:slug>/review/", review_views.review_preview, name="design_review"),
    path(
        "designs/<slug:slug>/review/download/<str:fmt>/",
        review_views.review_download,
        name="design_review_download",
    ),
    path(
        "designs/<slug:slug>/review/decisions/<int:index>/",
        review_views.review_record,
        name="design_review_record",
    ),
    # Reading results: drill-down (positions count from 1), comparisons, knowledge base.
    path(
        "designs/<slug:slug>/components/<int:position>/<slug:option>/",
        analysis.component_option,
        name="component_option",
    ),
    path("designs/<slug:slug>/compare/", analysis.compare_revisions, name="compare_revisions"),
    path("compare/", analysis.compare_designs, name="compare_designs"),
    path("knowledge/", analysis.knowledge_index, name="knowledge"),
    path("knowledge/questions/", analysis.knowledge_questions, name="knowledge_questions"),
    path("knowledge/<slug:option>/", analysis.knowledge_option, name="knowledge_option"),
]
