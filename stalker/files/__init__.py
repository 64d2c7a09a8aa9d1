"""Files on disk: repositories, project folders, version paths, file sequences.

One job per module; none is loaded by ``import stalker``:

* :mod:`~stalker.files.os_paths`: root paths in the form of each OS.
* :mod:`~stalker.files.paths`: checks that a rendered path stays under its root.
* :mod:`~stalker.files.views`: the read-only, allow-listed views templates see.
* :mod:`~stalker.files.sandbox`: the restricted Jinja2 environment.
* :mod:`~stalker.files.templates`: compiling (once) and rendering templates.
* :mod:`~stalker.files.folders`: creating checked folders under a root.
* :mod:`~stalker.files.project_folders`: a project's folders from its Structure.
* :mod:`~stalker.files.placement`: where a Version's file goes.
* :mod:`~stalker.files.sequences`: frame patterns of file sequences.
* :mod:`~stalker.files.lookup`: from a path on disk back to the database.

In short::

    project.create_structure()      # folders of project.structure, returns new ones
    db.session.flush()              # numbers new versions
    version.update_paths("ma")      # path and filename from the type's TypeTemplate
    placement.update_paths(versions, "ma")  # many at once, each task's work once
    version.absolute_path           # <root>/<project code>/<path>/<filename>
    version.create_folder()         # the version's folder, checked
    lookup.find_version(path)       # the Version of a file (one query)

A machine that mounts a repository elsewhere sets
``STALKER_REPOSITORY_<CODE>_PATH`` (see ``Repository.env_variable``).
"""
