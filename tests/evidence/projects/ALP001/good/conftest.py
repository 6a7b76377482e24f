import pytest


@pytest.fixture
def report_file(tmp_path):
    report = tmp_path / "report.csv"
    report.write_bytes(b"id,total\n1,42\n2,17\n")
    return report
