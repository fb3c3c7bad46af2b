"""PDF through Typst (the default engine; ``PDF_ENGINE=latex`` for XeLaTeX): the
``singlehtml`` page of a language, one cleaned HTML per volume (:mod:`.volume`), pandoc's
typst writer with the project's filter, the project's template (``data/typst/``) and the
typst compiler of the ``typst`` wheel (:mod:`.render`), tagged PDF/UA-1."""
