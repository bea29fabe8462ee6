"""Date and time formats for templates (settings.FORMAT_MODULE_PATH), one module per UI language.

One style in every language: the date as the language writes it, a comma, then the
24-hour time, as in lib/dates.full_date_time (which e-mails and session times use).
Django's own English formats use a 12-hour clock and AP-style abbreviations
("Dec. 5, 2026, 5:16 p.m."), whose closing full stop doubled the one of any
sentence ending with a date. Names not set here fall back to Django's formats.
"""
