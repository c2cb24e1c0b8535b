"""Settings that ship a development server: debug on by default, any host allowed, CORS
open to every origin with credentials."""

from __future__ import annotations
