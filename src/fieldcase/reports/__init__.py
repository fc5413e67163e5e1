"""Printed documents: data in, PDF bytes out (reportlab), with redaction profiles."""
