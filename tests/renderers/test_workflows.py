"""ComfyUI workflows: the shipped graphs, checking an administrator's, filling placeholders, stacking LoRAs."""

from __future__ import annotations

import json

import pytest

from renderers.workflows import (
    MAX_LORAS,
    MAX_NODES,
    MAX_WORKFLOW_BYTES,
    Lora,
    WorkflowError,
    builtin_workflows,
    is_link,
    load_workflow,
    lora_stack,
    workflows_in,
)

PICTURE = {"prompt": "a fox reading a map", "negative_prompt": "blurry", "width": 832, "height": 1216, "seed": 77}


def node_of(graph, class_type):
    [(node_id, node)] = [(key, node) for key, node in graph.items() if node["class_type"] == class_type]
    return node_id, node


def links(graph):
    return [
        (node_id, name, value)
        for node_id, node in graph.items()
        for name, value in node["inputs"].items()
        if is_link(value)
    ]


def assert_links_resolve(graph):
    for node_id, name, (source, _output) in links(graph):
        assert source in graph, f"node {node_id} input {name} points at missing node {source}"


def small_graph(**changes):
    """A minimal valid SDXL-like graph; ``changes`` replace whole nodes (None removes one)."""
    graph = {
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "model.safetensors"}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}", "clip": ["4", 1]}},
        "5": {
            "class_type": "EmptyLatentImage",
            "inputs": {"width": "{{width}}", "height": "{{height}}", "batch_size": 1},
        },
        "3": {
            "class_type": "KSampler",
            "inputs": {"model": ["4", 0], "positive": ["6", 0], "negative": ["6", 0], "latent_image": ["5", 0]},
        },
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
        "9": {"class_type": "SaveImage", "inputs": {"images": ["8", 0], "filename_prefix": "x"}},
    }
    for key, node in changes.items():
        if node is None:
            graph.pop(key)
        else:
            graph[key] = node
    return graph


# --- the shipped workflows --------------------------------------------------------------


def test_flux_is_the_worker_comfyui_text_to_image_graph():
    flux = builtin_workflows()["flux"]
    graph = flux.render(**PICTURE)

    _, checkpoint = node_of(graph, "CheckpointLoaderSimple")
    assert checkpoint["inputs"]["ckpt_name"] == "flux1-dev-fp8.safetensors"
    _, latent = node_of(graph, "EmptySD3LatentImage")
    assert (latent["inputs"]["width"], latent["inputs"]["height"], latent["inputs"]["batch_size"]) == (832, 1216, 1)
    guidance_id, guidance = node_of(graph, "FluxGuidance")
    assert guidance["inputs"]["guidance"] == 3.5
    _, sampler = node_of(graph, "KSampler")
    assert sampler["inputs"]["positive"] == [guidance_id, 0]
    assert (sampler["inputs"]["cfg"], sampler["inputs"]["sampler_name"], sampler["inputs"]["scheduler"]) == (
        1,
        "euler",
        "simple",
    )
    assert sampler["inputs"]["steps"] == 20 and sampler["inputs"]["seed"] == 77
    assert_links_resolve(graph)


def test_sdxl_is_a_base_checkpoint_text_to_image_graph():
    graph = builtin_workflows()["sdxl"].render(**PICTURE)

    _, checkpoint = node_of(graph, "CheckpointLoaderSimple")
    assert checkpoint["inputs"]["ckpt_name"] == "sd_xl_base_1.0.safetensors"
    _, latent = node_of(graph, "EmptyLatentImage")
    assert (latent["inputs"]["width"], latent["inputs"]["height"]) == (832, 1216)
    _, sampler = node_of(graph, "KSampler")
    assert (sampler["inputs"]["cfg"], sampler["inputs"]["sampler_name"], sampler["inputs"]["scheduler"]) == (
        7,
        "euler",
        "normal",
    )
    assert sampler["inputs"]["steps"] == 25
    texts = {graph[sampler["inputs"][side][0]]["inputs"]["text"] for side in ("positive", "negative")}
    assert texts == {"a fox reading a map", "blurry"}
    assert_links_resolve(graph)


@pytest.mark.parametrize("name", ["flux", "sdxl"])
def test_rendering_fills_every_placeholder_with_numbers_as_ints(name):
    graph = builtin_workflows()[name].render(**PICTURE, steps=9)
    values = [value for node in graph.values() for value in node["inputs"].values()]

    assert not any(isinstance(value, str) and "{{" in value for value in values)
    _, sampler = node_of(graph, "KSampler")
    assert sampler["inputs"]["steps"] == 9
    assert type(sampler["inputs"]["seed"]) is int and type(sampler["inputs"]["steps"]) is int
    assert "a fox reading a map" in values


def test_rendering_never_changes_the_template():
    sdxl = builtin_workflows()["sdxl"]
    before = sdxl.graph

    first = sdxl.render(**PICTURE, loras=[Lora("ink.safetensors")])
    first["6"]["inputs"]["text"] = "scribbled over"
    second = sdxl.render(**{**PICTURE, "prompt": "a heron"})

    assert sdxl.graph == before
    assert builtin_workflows()["sdxl"].graph == before
    assert second["6"]["inputs"]["text"] == "a heron"
    assert not any(node["class_type"] == "LoraLoader" for node in second.values())


# --- checking a workflow -----------------------------------------------------------------


def test_a_valid_workflow_loads_from_text_or_a_dict():
    from_text = load_workflow(json.dumps(small_graph()), "mine", default_steps=12)
    from_dict = load_workflow(small_graph(), "mine")

    assert from_text.graph == from_dict.graph == small_graph()
    assert from_text.default_steps == 12
    assert from_text.placeholders == {"prompt", "width", "height"}


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("{not json", "it is not valid JSON (line 1"),
        ("[1, 2]", "must be a JSON object mapping node ids to nodes"),
        ({"nodes": [], "links": []}, "save it with 'Export (API)'"),
        ({}, "it has no nodes"),
        (small_graph(**{"6": "text"}), "node 6 is not an object"),
        (small_graph(**{"7": {"inputs": {}}}), "node 7 has no class_type"),
        (small_graph(**{"7": {"class_type": "Note"}}), "node 7 has no inputs object"),
        (
            small_graph(**{"8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["40", 2]}}}),
            "node 8 (VAEDecode) input vae links to node 40, which does not exist",
        ),
        (
            small_graph(**{"6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a fox", "clip": ["4", 1]}}}),
            'no "{{prompt}}" placeholder',
        ),
        (
            small_graph(**{"7": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{style}}", "clip": ["4", 1]}}}),
            "node 7 (CLIPTextEncode) input text uses the unknown placeholder {{style}}",
        ),
        (
            small_graph(
                **{"7": {"class_type": "CLIPTextEncode", "inputs": {"text": "art, {{prompt}}", "clip": ["4", 1]}}}
            ),
            "a placeholder must be the whole value",
        ),
        (small_graph(**{"9": None}), "it has no SaveImage (or other image output) node"),
        (
            small_graph(**{"9": {"class_type": "SaveImageWebsocket", "inputs": {"images": ["8", 0]}}}),
            "it has no SaveImage (or other image output) node",
        ),
    ],
)
def test_a_broken_workflow_is_refused_saying_why(source, says):
    with pytest.raises(WorkflowError) as refused:
        load_workflow(source, "mine")
    assert says in str(refused.value)
    assert str(refused.value).startswith("The workflow 'mine' cannot be used: ")
    assert isinstance(refused.value, ValueError)


def test_every_problem_is_listed_at_once():
    graph = small_graph(
        **{
            "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{mood}}", "clip": ["99", 1]}},
            "9": None,
        }
    )
    with pytest.raises(WorkflowError) as refused:
        load_workflow(graph, "mine")
    problems = refused.value.problems
    assert len(problems) == 4
    assert any("links to node 99" in problem for problem in problems)
    assert any("{{mood}}" in problem for problem in problems)
    assert any("{{prompt}}" in problem for problem in problems)
    assert any("SaveImage" in problem for problem in problems)


def test_size_limits_hold():
    crowded = small_graph(**{str(100 + n): {"class_type": "Note", "inputs": {"text": "x"}} for n in range(MAX_NODES)})
    with pytest.raises(WorkflowError, match=f"at most {MAX_NODES}"):
        load_workflow(crowded, "crowded")

    padded = small_graph(**{"7": {"class_type": "Note", "inputs": {"text": "x" * MAX_WORKFLOW_BYTES}}})
    with pytest.raises(WorkflowError, match="may be at most 256 KB"):
        load_workflow(json.dumps(padded), "padded")
    with pytest.raises(WorkflowError, match="may be at most 256 KB"):
        load_workflow(padded, "padded")


# --- the LoRA stack ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("characters", "character_strength", "cinematic_strength"),
    [(0, None, 1.0), (1, 0.85, 0.95), (2, 0.75, 0.85), (3, 0.65, 0.75), (4, 0.65, 0.75), (5, 0.65, 0.75)],
)
def test_lora_strengths_follow_the_number_of_characters(characters, character_strength, cinematic_strength):
    names = [f"hero{n}.safetensors" for n in range(characters)]
    stack = lora_stack(style_lora="ink.safetensors", character_loras=names, cinematic_lora="wide.safetensors")

    assert [lora.name for lora in stack] == ["ink.safetensors", *names, "wide.safetensors"]
    assert stack[0].strength == 1.0
    assert {lora.strength for lora in stack[1:-1]} == ({character_strength} if characters else set())
    assert stack[-1].strength == cinematic_strength


def test_the_stack_is_capped_at_ten_by_dropping_the_last_characters():
    names = [f"hero{n}" for n in range(12)]
    stack = lora_stack(style_lora="ink", character_loras=names, cinematic_lora="wide")

    assert len(stack) == MAX_LORAS == 10
    assert [lora.name for lora in stack] == ["ink", *names[:8], "wide"]
    assert stack[-1].strength == 0.75

    without_style = lora_stack(character_loras=names)
    assert [lora.name for lora in without_style] == names[:10]


def test_a_given_style_strength_is_kept_and_a_repeated_character_counts_once():
    stack = lora_stack(style_lora=Lora("ink", 0.6), character_loras=["mia", "mia", "tom"])

    assert stack == (Lora("ink", 0.6), Lora("mia", 0.75), Lora("tom", 0.75))
    assert lora_stack() == ()


# --- LoRAs in the graph ------------------------------------------------------------------


def test_loras_chain_between_the_checkpoint_and_its_consumers():
    stack = lora_stack(style_lora="ink", character_loras=["mia", "tom"], cinematic_lora="wide")
    graph = builtin_workflows()["sdxl"].render(**PICTURE, loras=stack)
    checkpoint_id, _ = node_of(graph, "CheckpointLoaderSimple")
    loaders = {key: node for key, node in graph.items() if node["class_type"] == "LoraLoader"}

    assert_links_resolve(graph)
    # Follow the chain from the checkpoint: each loader takes the previous one's MODEL and CLIP.
    chain, source = [], checkpoint_id
    while nxt := [key for key, node in loaders.items() if node["inputs"]["model"] == [source, 0]]:
        [source] = nxt
        assert loaders[source]["inputs"]["clip"] == [chain[-1] if chain else checkpoint_id, 1]
        chain.append(source)
    assert [loaders[key]["inputs"]["lora_name"] for key in chain] == ["ink", "mia", "tom", "wide"]
    assert [loaders[key]["inputs"]["strength_clip"] for key in chain] == [1.0, 0.75, 0.75, 0.85]
    last = chain[-1]

    _, sampler = node_of(graph, "KSampler")
    assert sampler["inputs"]["model"] == [last, 0]
    for node in graph.values():
        if node["class_type"] == "CLIPTextEncode":
            assert node["inputs"]["clip"] == [last, 1]
    _, decoder = node_of(graph, "VAEDecode")
    assert decoder["inputs"]["vae"] == [checkpoint_id, 2]  # the VAE is not patched
    # Nothing but the first loader still reads the checkpoint's MODEL or CLIP.
    readers = [node_id for node_id, _name, value in links(graph) if value in ([checkpoint_id, 0], [checkpoint_id, 1])]
    assert readers == [chain[0], chain[0]]


def test_split_flux_loaders_get_loras_on_the_unet_and_the_dual_clip():
    graph = {
        "12": {"class_type": "UNETLoader", "inputs": {"unet_name": "flux1-dev.safetensors", "weight_dtype": "default"}},
        "11": {
            "class_type": "DualCLIPLoader",
            "inputs": {"clip_name1": "t5xxl.safetensors", "clip_name2": "clip_l.safetensors", "type": "flux"},
        },
        "10": {"class_type": "VAELoader", "inputs": {"vae_name": "ae.safetensors"}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}", "clip": ["11", 0]}},
        "26": {"class_type": "FluxGuidance", "inputs": {"conditioning": ["6", 0], "guidance": 3.5}},
        "27": {
            "class_type": "EmptySD3LatentImage",
            "inputs": {"width": "{{width}}", "height": "{{height}}", "batch_size": 1},
        },
        "22": {"class_type": "BasicGuider", "inputs": {"model": ["12", 0], "conditioning": ["26", 0]}},
        "13": {"class_type": "SamplerCustomAdvanced", "inputs": {"guider": ["22", 0], "latent_image": ["27", 0]}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["13", 0], "vae": ["10", 0]}},
        "9": {"class_type": "SaveImage", "inputs": {"images": ["8", 0], "filename_prefix": "x"}},
    }
    graph = load_workflow(graph, "flux-split").render(**PICTURE, loras=[Lora("mia", 0.85), Lora("wide", 0.95)])

    assert_links_resolve(graph)
    first, second = (graph[key] for key in ("28", "29"))  # fresh ids above the highest one in use
    assert first["class_type"] == second["class_type"] == "LoraLoader"
    assert first["inputs"]["model"] == ["12", 0] and first["inputs"]["clip"] == ["11", 0]
    assert second["inputs"]["model"] == ["28", 0] and second["inputs"]["clip"] == ["28", 1]
    assert graph["22"]["inputs"]["model"] == ["29", 0]
    assert graph["6"]["inputs"]["clip"] == ["29", 1]


def test_a_model_without_a_clip_loader_gets_model_only_loras():
    graph = small_graph(
        **{
            "4": {"class_type": "UNETLoader", "inputs": {"unet_name": "m.safetensors", "weight_dtype": "default"}},
            "6": {"class_type": "TextEncodeFromFile", "inputs": {"text": "{{prompt}}"}},
            "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["10", 0]}},
            "10": {"class_type": "VAELoader", "inputs": {"vae_name": "ae.safetensors"}},
        }
    )
    graph = load_workflow(graph, "unet-only").render(**PICTURE, loras=[Lora("a"), Lora("b")])

    assert_links_resolve(graph)
    added = [node for node in graph.values() if node["class_type"] == "LoraLoaderModelOnly"]
    assert [node["inputs"]["lora_name"] for node in added] == ["a", "b"]
    assert all("clip" not in node["inputs"] for node in added)
    assert graph["3"]["inputs"]["model"] == ["12", 0]


def test_new_node_ids_never_collide_with_named_ones():
    graph = {
        "ckpt": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "m.safetensors"}},
        "1": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}", "clip": ["ckpt", 1]}},
        "sampler": {"class_type": "KSampler", "inputs": {"model": ["ckpt", 0], "positive": ["1", 0]}},
        "2": {"class_type": "VAEDecode", "inputs": {"samples": ["sampler", 0], "vae": ["ckpt", 2]}},
        "save": {"class_type": "SaveImage", "inputs": {"images": ["2", 0]}},
    }
    rendered = load_workflow(graph, "named").render(**PICTURE, loras=[Lora("a"), Lora("b"), Lora("c")])

    assert set(rendered) == set(graph) | {"3", "4", "5"}
    assert rendered["sampler"]["inputs"]["model"] == ["5", 0]
    assert_links_resolve(rendered)


def test_loras_need_a_model_loader():
    graph = small_graph(**{"4": {"class_type": "ImageOnlyCheckpointLoader", "inputs": {"ckpt_name": "svd"}}})
    with pytest.raises(WorkflowError, match="no model loader"):
        load_workflow(graph, "odd").render(**PICTURE, loras=[Lora("a")])
    assert load_workflow(graph, "odd").render(**PICTURE)  # without LoRAs it renders


# --- an administrator's folder --------------------------------------------------------------


def test_workflows_load_from_a_folder_by_file_name(tmp_path):
    (tmp_path / "inky.json").write_text(json.dumps(small_graph()))
    sketch = small_graph(**{"9": {"class_type": "PreviewImage", "inputs": {"images": ["8", 0]}}})
    (tmp_path / "sketch.json").write_text(json.dumps(sketch))
    (tmp_path / "notes.txt").write_text("not a workflow")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "deep.json").write_text("{broken")

    found = workflows_in(tmp_path)

    assert sorted(found) == ["inky", "sketch"]
    graph = found["inky"].render(**PICTURE)
    assert graph["6"]["inputs"]["text"] == "a fox reading a map" and graph["5"]["inputs"]["width"] == 832


def test_a_broken_file_in_the_folder_is_named(tmp_path):
    (tmp_path / "good.json").write_text(json.dumps(small_graph()))
    (tmp_path / "bad.json").write_text(json.dumps(small_graph(**{"9": None})))

    with pytest.raises(WorkflowError) as refused:
        workflows_in(tmp_path)
    assert "in bad.json: it has no SaveImage" in str(refused.value)


def test_a_missing_folder_or_an_oversized_file_is_refused(tmp_path):
    with pytest.raises(WorkflowError, match="there is no such folder"):
        workflows_in(tmp_path / "absent")

    (tmp_path / "huge.json").write_bytes(b" " * (MAX_WORKFLOW_BYTES + 1))
    with pytest.raises(WorkflowError, match=r"huge\.json is 256 KB; a workflow may be at most 256 KB"):
        workflows_in(tmp_path)
