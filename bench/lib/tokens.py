"""Users' access tokens from the fleet's auth-service, the way ./orderly token gets them: the
authorization code flow with PKCE as the public client orderly-cli (OAuth 2.1 has no password
grant), the login form filled in with its CSRF token, the code read from the redirect to a loopback
address that nothing listens on. urllib with a cookie jar; no redirect is followed."""
import base64
import hashlib
import http.cookiejar
import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request

CLI_CLIENT = "orderly-cli"
CLI_REDIRECT = "http://127.0.0.1:8400/callback"
_CSRF = re.compile(r'name="_csrf"[^>]*value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 302 comes back as an HTTPError, its Location is read


def _b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def access_token(auth_url, user, password, timeout=10.0):
    """USER's access token (a JWT) from the auth-service at auth_url; RuntimeError when refused."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                          _NoRedirect())

    def call(url, form=None, accept="text/html"):
        data = None if form is None else urllib.parse.urlencode(form).encode()
        req = urllib.request.Request(url, data=data, headers={"Accept": accept})
        try:
            with browser.open(req, timeout=timeout) as r:
                return r.status, r.headers.get("Location", ""), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location", ""), e.read().decode(errors="replace")

    verifier = _b64url(secrets.token_bytes(48))
    challenge = _b64url(hashlib.sha256(verifier.encode("ascii")).digest())
    state = _b64url(secrets.token_bytes(12))
    authorize = f"{auth_url}/oauth2/authorize?" + urllib.parse.urlencode({
        "response_type": "code", "client_id": CLI_CLIENT, "scope": "openid", "redirect_uri": CLI_REDIRECT,
        "code_challenge": challenge, "code_challenge_method": "S256", "state": state})
    status, location, _ = call(authorize)
    if status != 302 or "/login" not in location:
        raise RuntimeError(f"auth-service did not send the authorization request to its login form: {status}")
    _, _, page = call(f"{auth_url}/login")
    csrf = _CSRF.search(page)
    if not csrf:
        raise RuntimeError(f"no login form at {auth_url}/login")
    _, nxt, _ = call(f"{auth_url}/login", {"username": user, "password": password, "_csrf": csrf.group(1)})
    if "/oauth2/authorize" not in nxt:
        raise RuntimeError(f"login refused for {user}")
    _, back, _ = call(urllib.parse.urljoin(auth_url + "/", nxt))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(back).query)
    if not back.startswith(CLI_REDIRECT + "?") or query.get("state") != [state] or "code" not in query:
        raise RuntimeError(f"no authorization code for {user}: {back}")
    status, _, answer = call(f"{auth_url}/oauth2/token", {
        "grant_type": "authorization_code", "client_id": CLI_CLIENT, "code": query["code"][0],
        "redirect_uri": CLI_REDIRECT, "code_verifier": verifier}, accept="application/json")
    try:
        return json.loads(answer)["access_token"]
    except (ValueError, KeyError):
        raise RuntimeError(f"no token for {user}: {status} {answer[:200]}") from None
