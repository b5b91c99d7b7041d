"""Build an annotated, source-faithful news dossier site from the data in `dossier/`.

Stages: load (loader) -> analyse (analysis) -> render (render) -> write (writer); the
pipeline module runs them, the CLI and the MkDocs hook call the pipeline.
"""
