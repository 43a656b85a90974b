"""The bottom layer every app may import: the service error type and the rich-text sanitiser.

No models, no imports from the portal's apps.
"""
