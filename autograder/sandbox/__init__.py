"""Running untrusted student code in separate, limited processes (DESIGN.md, security model)."""
