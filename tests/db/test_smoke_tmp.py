from stalker import Project, User, db


def test_smoke(session):
    p = Project(name="Fancy Commercial")
    assert db.query(Project).one() is p
    session.commit()
    u = db.query(User).filter_by(name="admin").one()
    assert u.check_password("admin")
