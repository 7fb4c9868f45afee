"""The published text layout of the declaration: what the PDF of a form looks like as text.

``layout`` holds the measures and labels of the printed form (shared by the reader in
``jixiao.core.importers.text`` and the writer); ``writer`` lays a declaration out in it.
"""
