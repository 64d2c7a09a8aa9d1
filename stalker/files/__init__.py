"""Files on disk: repositories, project folders, version paths, file sequences.

One job per module; none is loaded by ``import stalker``. The pure rules
they share with the models live below the models: :mod:`stalker.core.paths`
(names and relative paths valid on every OS) and :mod:`stalker.core.os_paths`
(root paths in the form of each OS).

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
    Version(task=task, extension="ma")
    db.session.flush()              # numbers new versions and places them
    version.update_paths()          # path and filename again (a template changed)
    placement.update_paths(versions, "ma")  # many at once, each task's work once
    version.absolute_path           # <root>/<project code>/<path>/<filename>
    version.create_folder()         # the version's folder, checked
    lookup.find_version(path)       # the Version of a file (one query)

A machine that mounts a repository elsewhere sets
``STALKER_REPOSITORY_<CODE>_PATH`` (see ``Repository.env_variable``).
"""
