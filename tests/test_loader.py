"""The loader: valid files load, extends merges, untrusted input fails fast with one clear line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game import paths
from game.scenario.catalog_files import list_scenarios, scenario_info
from game.scenario.errors import Problem, ScenarioError
from game.scenario.loader import check_paths, load, load_scenario, load_scenario_text
from game.scenario.models import Scenario
from game.scenario.source import MAX_BYTES

VALID = paths.ROOT / "tests" / "corpus" / "valid"
BASE = VALID / "first.yaml"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only_error(path: Path) -> Problem:
    problems = load(path).problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].is_error
    return problems[0]


# --------------------------------------------------------------------------- valid files


def test_a_valid_scenario_loads_into_the_model():
    scenario = load_scenario(BASE)
    assert isinstance(scenario, Scenario)
    assert [n.id for n in scenario.nations] == ["USA", "CHN", "JPN", "RUS", "IND"]
    assert scenario.meta.default_nation == "IND"
    assert load(BASE).problems == []


def test_warnings_do_not_stop_loading(tmp_path):
    text = BASE.read_text().replace("members: [USA, JPN]", "members: [USA]")
    path = write(tmp_path, "lonely.yaml", text)
    loaded = load(path)
    assert loaded.scenario is not None
    assert [p.severity for p in loaded.problems] == ["warning"]
    assert "no members besides its leader" in loaded.problems[0].message


def test_problem_prints_as_file_line_column_severity_message_hint():
    problem = Problem("a.yaml", 3, 5, "error", "unknown key 'budjet'", "did you mean 'budget'?")
    assert str(problem) == "a.yaml:3:5: error: unknown key 'budjet' (hint: did you mean 'budget'?)"
    assert str(Problem("a.yaml", 1, 1, "warning", "w")) == "a.yaml:1:1: warning: w"


def test_load_scenario_raises_a_scenario_error_with_every_problem():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(paths.ROOT / "tests" / "corpus" / "broken" / "five-mistakes.yaml")
    assert len(caught.value.errors) == 5
    assert "five-mistakes.yaml:12:13: error:" in str(caught.value)


def test_keys_stay_text_and_yes_no_values_get_a_quoting_hint():
    text = BASE.read_text().replace("to: [IND]", "to: [NO]")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "t.yaml")
    (problem,) = caught.value.errors
    assert "got false" in problem.message
    assert "write 'NO' in quotes" in problem.hint


# --------------------------------------------------------------------------- extends


def test_a_variant_merges_by_id_and_key(tmp_path):
    variant = load_scenario(VALID / "what-if.yaml")
    base = load_scenario(BASE)
    assert variant.meta.title == "A first race: no ban"
    assert variant.meta.start == base.meta.start  # untouched keys are inherited
    assert variant.constraints.forbidden_pairs == []  # removed with remove: true
    budgets = {n.id: n.budget for n in variant.nations}
    assert budgets["IND"] == 3.0 and budgets["USA"] == base.nations[0].budget
    assert [n.id for n in variant.nations] == [n.id for n in base.nations]


def test_new_ids_append_other_lists_replace_and_chains_work(tmp_path):
    write(tmp_path, "base.yaml", BASE.read_text())
    write(
        tmp_path,
        "variants/mid.yaml",
        "extends: ../base.yaml\n"
        "blocs:\n"
        "  - id: artemis\n"
        "    members: [USA, JPN, IND]\n"
        "    program:\n"
        "      - {id: rover, name: Rover, cost: 2}\n",
    )
    # Each path is relative to the file that writes it; all stay in the top file's folder.
    top = write(tmp_path, "top.yaml", "extends: variants/mid.yaml\noffers: []\n")
    loaded = load(top)
    assert loaded.problems == []
    artemis = loaded.scenario.blocs[0]
    assert artemis.members == ["USA", "JPN", "IND"]  # a plain list replaces
    assert [m.id for m in artemis.program] == ["orbiter", "outpost", "rover"]  # appended
    assert loaded.scenario.offers == []  # an empty list replaces


RELATIONS = (
    "relations:\n"
    "  - {between: [USA, CHN], value: -0.6}\n"
    "  - {between: [USA, JPN], value: 0.8}\n"
    "  - {between: [CHN, RUS], value: 0.6}\n"
)


def with_relations(tmp_path: Path) -> Path:
    return write(
        tmp_path, "base.yaml", BASE.read_text().replace("blocs:\n", RELATIONS + "blocs:\n")
    )


def relations_of(path: Path) -> dict[frozenset, float]:
    loaded = load(path)
    assert loaded.problems == [], "\n".join(map(str, loaded.problems))
    return {frozenset(r.between): r.value for r in loaded.scenario.relations}


def test_relations_merge_by_pair_in_either_order(tmp_path):
    with_relations(tmp_path)
    child = write(
        tmp_path,
        "v.yaml",
        "extends: base.yaml\n"
        "relations:\n"
        "  - {between: [CHN, USA], value: -0.1}\n"  # the parent wrote [USA, CHN]
        "  - {between: [IND, JPN], value: 0.5}\n",
    )
    assert relations_of(child) == {
        frozenset({"USA", "CHN"}): -0.1,
        frozenset({"USA", "JPN"}): 0.8,
        frozenset({"CHN", "RUS"}): 0.6,
        frozenset({"IND", "JPN"}): 0.5,
    }
    merged = load(child).scenario.relations
    assert [set(r.between) for r in merged][:3] == [{"USA", "CHN"}, {"USA", "JPN"}, {"CHN", "RUS"}]


def test_a_relation_merges_key_by_key_and_can_be_removed(tmp_path):
    with_relations(tmp_path)
    child = write(
        tmp_path,
        "v.yaml",
        "extends: base.yaml\n"
        "relations:\n"
        "  - {between: [USA, JPN], note: Allies}\n"
        "  - {between: [RUS, CHN], remove: true}\n",
    )
    assert relations_of(child) == {frozenset({"USA", "CHN"}): -0.6, frozenset({"USA", "JPN"}): 0.8}
    kept = next(r for r in load(child).scenario.relations if set(r.between) == {"USA", "JPN"})
    assert kept.note == "Allies"


def test_removing_a_relation_the_parent_lacks_is_an_error(tmp_path):
    with_relations(tmp_path)
    problem = only_error(
        write(
            tmp_path,
            "v.yaml",
            "extends: base.yaml\nrelations:\n  - {between: [IND, RUS], remove: true}\n",
        )
    )
    assert "no relation between IND and RUS" in problem.message
    assert (problem.line, problem.column) == (3, 5)


def test_a_pair_the_parent_gives_twice_is_still_reported_after_merging(tmp_path):
    write(
        tmp_path,
        "base.yaml",
        BASE.read_text().replace(
            "blocs:\n", RELATIONS + "  - {between: [JPN, USA], value: 0.1}\nblocs:\n"
        ),
    )
    child = write(
        tmp_path,
        "v.yaml",
        "extends: base.yaml\nrelations:\n  - {between: [USA, JPN], value: 0.9}\n",
    )
    problem = only_error(child)
    assert "given twice" in problem.message and Path(problem.file).name == "base.yaml"


def test_removing_from_a_list_the_parent_lacks_names_the_parent(tmp_path):
    write(tmp_path, "base.yaml", BASE.read_text())  # no relations at all
    problem = only_error(
        write(
            tmp_path,
            "v.yaml",
            "extends: base.yaml\nrelations:\n  - {between: [USA, CHN], remove: true}\n",
        )
    )
    assert "the parent has no relation between CHN and USA" in problem.message


def test_an_item_a_variant_repeats_is_reported_once(tmp_path):
    with_relations(tmp_path)
    nations = write(
        tmp_path,
        "n.yaml",
        "extends: base.yaml\nnations:\n  - {id: IND, budget: 3.0}\n  - {id: IND, budget: 4.0}\n",
    )
    problem = only_error(nations)
    assert "'IND' is used twice" in problem.message and problem.line == 4
    pairs = write(
        tmp_path,
        "r.yaml",
        "extends: base.yaml\nrelations:\n"
        "  - {between: [USA, CHN], value: 0.1}\n  - {between: [CHN, USA], value: 0.2}\n",
    )
    problem = only_error(pairs)
    assert "given twice" in problem.message and problem.line == 4


def test_a_variant_may_remove_an_item_then_write_it_anew(tmp_path):
    with_relations(tmp_path)
    child = write(
        tmp_path,
        "v.yaml",
        "extends: base.yaml\nrelations:\n"
        "  - {between: [USA, CHN], remove: true}\n  - {between: [CHN, USA], value: 0.3}\n",
    )
    assert relations_of(child)[frozenset({"USA", "CHN"})] == 0.3


def test_a_malformed_pair_makes_the_child_list_replace(tmp_path):
    with_relations(tmp_path)
    child = write(
        tmp_path,
        "v.yaml",
        "extends: base.yaml\nrelations:\n  - {between: [USA, CHN, JPN], value: 0.1}\n",
    )
    problem = only_error(child)
    assert Path(problem.file).name == "v.yaml" and problem.line == 3


def test_a_bare_name_extends_a_shipped_scenario(tmp_path):
    if not paths.DEFAULT_SCENARIO.exists():
        pytest.skip("the default scenario is not written yet")
    name = paths.DEFAULT_SCENARIO.name
    path = write(tmp_path, "mine.yaml", f"extends: {name}\nmeta:\n  title: Mine\n")
    loaded = load(path)
    assert not loaded.errors, "\n".join(map(str, loaded.errors))
    assert loaded.scenario.meta.title == "Mine"


def test_problems_point_into_the_file_that_wrote_the_value(tmp_path):
    parent_text = BASE.read_text().replace("budget: 1.9", "budget: -1.9")
    parent = write(tmp_path, "parent.yaml", parent_text)
    child = write(
        tmp_path, "child.yaml", "extends: parent.yaml\nnations:\n  - {id: USA, budget: x}\n"
    )
    # The parent is broken on its own: the child's check says so, pointing at both files.
    problems = load(child).problems
    assert {Path(p.file).name for p in problems} == {"parent.yaml", "child.yaml"}
    # Fixed parent: the child's own mistake is placed in the child.
    parent.write_text(BASE.read_text())
    (problem,) = load(child).problems
    assert (Path(problem.file).name, problem.line, problem.column) == ("child.yaml", 3, 23)


def test_remove_outside_a_variant_is_explained(tmp_path):
    text = BASE.read_text().replace("  - id: wolf\n", "  - id: wolf\n      remove: true\n")
    problem = only_error(write(tmp_path, "r.yaml", text))
    assert "'remove'" in problem.message and "extends" in problem.message


def test_a_parent_above_the_loaded_file_is_refused(tmp_path):
    write(tmp_path, "base.yaml", BASE.read_text())
    problem = only_error(write(tmp_path, "sub/v.yaml", "extends: ../base.yaml\n"))
    assert "outside the scenario's folder" in problem.message


def test_a_missing_parent_suggests_a_sibling(tmp_path):
    write(tmp_path, "base.yaml", BASE.read_text())
    problem = only_error(write(tmp_path, "v.yaml", "extends: bsae.yaml\n"))
    assert "does not exist" in problem.message and "base.yaml" in problem.hint


# --------------------------------------------------------------------------- untrusted input


UNTRUSTED = {
    "empty": (b"", "the file is empty"),
    "only-comments": (b"# nothing here\n", "no content"),
    "binary": (bytes(range(256)) * 8, "binary file"),
    "latin-1": ("meta:\n  title: café\n".encode("latin-1"), "not UTF-8"),
    "utf-16": ("meta: {}\n".encode("utf-16"), "UTF-16"),
    "python-tag": (b"meta: !!python/object/apply:os.system ['echo owned']\n", "tag"),
    "custom-tag": (b"meta: !secret x\n", "tag '!secret'"),
    "merge-key": (b"a: &a {x: 1}\nb:\n  <<: *a\n", "merge keys"),
    "deep": (b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested more than"),
    "deep-block": (b"- " * 200_000 + b"x\n", "nested more than"),
    "alias-loop": (b"a: &a [*a]\n", "loop"),
    "two-documents": (b"a: 1\n---\nb: 2\n", "more than one YAML document"),
    "tab": (b"meta:\n\tid: x\n", "YAML"),
    "list": (b"- a\n- b\n", "must be a mapping"),
    "many-values": (b"x: [" + b"1," * 200_000 + b"1]\n", "more than 100,000 values"),
}


def bomb(levels: int = 9) -> bytes:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("name", sorted(UNTRUSTED))
def test_untrusted_input_gives_one_located_error(tmp_path, name):
    data, words = UNTRUSTED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    problem = only_error(path)
    assert words in str(problem)
    assert problem.line >= 1 and problem.column >= 1


def test_a_billion_laughs_is_refused_before_it_expands(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_bytes(bomb())
    start = time.perf_counter()
    problem = only_error(path)
    # A guard against expansion (seconds of work and gigabytes), not a performance target.
    assert time.perf_counter() - start < 10
    assert "expands to more than" in problem.message


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: '" + b"x" * (10 * 1024 * 1024) + b"'\n")
    problem = only_error(path)
    assert "too large for a scenario file (10.0 MB" in problem.message
    assert MAX_BYTES < 10 * 1024 * 1024


def test_a_folder_or_missing_file_is_a_problem_not_a_crash(tmp_path):
    assert "folder" in only_error(tmp_path).message
    assert "no such file" in only_error(tmp_path / "nope.yaml").message


def test_check_paths_collects_the_problems_of_every_file(tmp_path):
    empty = write(tmp_path, "empty.yaml", "")
    problems = check_paths([BASE, empty, VALID / "what-if.yaml"])
    assert [Path(p.file).name for p in problems] == ["empty.yaml"]


# --------------------------------------------------------------------------- listing


def test_list_scenarios_shows_shipped_then_user_files_broken_ones_included(tmp_path, monkeypatch):
    monkeypatch.setenv("LUNAR_BLOCS_HOME", str(tmp_path))
    folder = tmp_path / "scenarios"
    write(folder, "mine.yaml", BASE.read_text())
    write(folder, "broken.yaml", "meta: [\n")
    infos = list_scenarios()
    user = [i for i in infos if i.source == "user"]
    assert [i.path.name for i in user] == ["broken.yaml", "mine.yaml"]
    broken, mine = user
    assert not broken.ok and broken.errors and broken.title == "broken.yaml"
    assert mine.ok and mine.title == "A first race to the Moon"
    assert (mine.nations, mine.turns, mine.playable) == (5, 6, ["USA", "CHN", "IND"])
    shipped = [i for i in infos if i.source == "shipped"]
    if paths.DEFAULT_SCENARIO.exists():
        assert shipped[0].is_default
        assert all(i.ok for i in shipped), [str(p) for i in shipped for p in i.errors]


def test_scenario_info_counts_turns_up_to_the_end(tmp_path):
    text = BASE.read_text().replace("end: 2031-01", "end: 2031-02")
    info = scenario_info(write(tmp_path, "x.yaml", text))
    assert info.turns == 7  # the last turn is cut short by the end date
