from django.urls import path

from safereply.cases import views

app_name = "cases"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/received/", views.report_received, name="report_received"),
    path("report/mine/", views.my_reports, name="my_reports"),
    path("r/<str:token>/", views.public_report, name="public_report"),
    path("r/<str:token>/received/", views.public_report_received, name="public_report_received"),
    path("cases/", views.inbox, name="inbox"),
    path("cases/<int:case_id>/", views.detail, name="detail"),
    path("cases/<int:case_id>/reports/<int:report_id>/screenshot", views.screenshot, name="screenshot"),
    path("cases/<int:case_id>/triage/", views.triage, name="triage"),
    path("cases/<int:case_id>/decide/", views.decide, name="decide"),
    path("cases/<int:case_id>/draft/", views.draft, name="draft"),
    path("cases/<int:case_id>/draft/screen/", views.draft_screen, name="draft_screen"),
    path("cases/<int:case_id>/submit/", views.submit, name="submit"),
    path("cases/<int:case_id>/approve/", views.approve, name="approve"),
    path("cases/<int:case_id>/send-back/", views.send_back, name="send_back"),
    path("cases/<int:case_id>/publish/", views.publish, name="publish"),
    path("cases/<int:case_id>/close/", views.close, name="close"),
    path("cases/<int:case_id>/reopen/", views.reopen, name="reopen"),
    path("reports/", views.reports_summary, name="reports_summary"),
    path("concerns/", views.concerns, name="concerns"),
]
