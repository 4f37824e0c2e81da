"""Pages go compressed; the fragments htmx asks for go as they are.

A page such as the editor of a 20-component design is some 200 KB of HTML and about 15 KB
compressed, so it is compressed (Django's ``GZipMiddleware``, with its random padding
against BREACH-style guessing). The score panel that live rescoring asks for several times
a second is about 30 KB: compressing it would add a tenth to the server's work for each
rescoring (0.2 ms on about 2 ms) and save nothing a person notices on a local network, so
htmx requests (``HX-Request: true``) are answered uncompressed.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware


class PageGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if request.headers.get("HX-Request") == "true":
            return response
        return super().process_response(request, response)
