"""sigma_auth: Bitcoin-key sign-in for Python auth servers.

A thin re-export of the native module ``sigma_auth._sigma_auth`` (Rust, ``sigma-auth-core``).
Every signature operation runs with the GIL released. Configure a ``Verifier`` once and call
``verify`` / ``verify_many`` / ``verify_async``; every error is an ``AuthError`` with a ``.code``.
See ``README.md`` and the stubs in ``_sigma_auth.pyi`` for the full API.
"""

from . import _sigma_auth
from ._sigma_auth import *  # noqa: F403 (the native module's __all__, declared in its .pyi too)

__all__ = list(_sigma_auth.__all__)
