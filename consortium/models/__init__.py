from .organisations import Area, Organisation

__all__ = ["Area", "Organisation"]
