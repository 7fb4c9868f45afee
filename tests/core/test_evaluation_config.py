"""The evaluation thresholds are configuration, and a file that does not hold together is refused."""

from decimal import Decimal
from importlib.resources import files

import pytest

from jixiao.core.errors import FormError
from jixiao.core.evaluation.config import default_config, load_config, parse_config

DEFAULT_TOML = files("jixiao.core.config").joinpath("evaluation.toml").read_text("utf-8")


def test_it_reads_the_defaults_of_the_spec():
    config = default_config()
    assert (str(config.monitoring.red_below), str(config.monitoring.yellow_below)) == ("0.6", "0.8")
    assert config.monitoring.over_achievement == Decimal("1.2")
    sev = config.self_evaluation
    assert (sev.budget, *sev.part_points.values()) == (10, 50, 30, 10, 0)
    assert sev.part_of("成本指标") == "outputs"
    assert sev.part_of("满意度指标") == "satisfaction"
    assert sev.part_of("其他指标") is None
    assert [g for g, _ in config.grades] == ["优", "良", "中", "差"]


def test_it_refuses_points_that_do_not_add_up_to_100():
    with pytest.raises(FormError) as caught:
        parse_config(DEFAULT_TOML.replace('benefits = "30"', 'benefits = "35"'))
    assert "自评各部分分值之和应为 100，现为 105" in str(caught.value)


def test_it_refuses_bands_out_of_order():
    with pytest.raises(FormError, match="red_below"):
        parse_config(DEFAULT_TOML.replace('red_below = "0.6"', 'red_below = "0.9"'))
    with pytest.raises(FormError, match="由高到低"):
        parse_config(DEFAULT_TOML.replace('"良" = "80"', '"良" = "95"'))


def test_it_names_the_file_it_cannot_read(tmp_path):
    bad = tmp_path / "evaluation.toml"
    bad.write_text("[monitoring\n", "utf-8")
    with pytest.raises(FormError) as caught:
        load_config(bad)
    assert str(caught.value).startswith(f"文件 {bad}：不是有效的 TOML")
    assert load_config(None) is default_config()
