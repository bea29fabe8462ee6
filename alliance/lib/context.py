from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    return {"ALLIANCE_NAME": settings.ALLIANCE_NAME}
