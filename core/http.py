"""Request helpers shared by the apps."""

from ipware import get_client_ip


def client_address(request):
    """The client's IP address by the login lockout's rule (settings: ``TRUSTED_PROXY_COUNT``), or
    ``None`` when the request did not come through the trusted proxies."""
    address, _routable = get_client_ip(request)
    return address
