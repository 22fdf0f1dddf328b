from django.urls import path

from safereply.grievances import views

app_name = "grievances"
urlpatterns = [
    path("cases/<int:case_id>/grievance/", views.open_, name="open"),
    path("grievances/<int:grievance_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("grievances/<int:grievance_id>/resolve/", views.resolve, name="resolve"),
    path("grievances/<int:grievance_id>/letter.pdf", views.letter, name="letter"),
    path("grievances/export.csv", views.export_csv, name="export_csv"),
    path("grievances/export.json", views.export_json, name="export_json"),
]
