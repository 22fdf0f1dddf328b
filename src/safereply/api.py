"""The HTTP API: OpenAPI at /api/docs, bearer-token authentication, the same access table.

AccessMiddleware authenticates the token and checks safereply.accounts.access.ACCESS
before any endpoint runs; TokenAuth only tells ninja (and the OpenAPI schema) about it.
"""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer

from safereply.errors import SafeReplyError


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(
    title="SafeReply API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url="/docs",
)


@api.exception_handler(SafeReplyError)
def application_error(request, exc: SafeReplyError):
    return api.create_response(request, {"detail": exc.message, "code": exc.code, **exc.details}, status=400)


from safereply.cases.api import router as cases_router  # noqa: E402  (the router needs `api` defined)

api.add_router("", cases_router)

from safereply.providers.api import router as providers_router  # noqa: E402

api.add_router("", providers_router)
