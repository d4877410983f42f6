"""NumPy against PyTorch (CPU) for one training step of the lab's end-to-end policies.

`python -m benchmarks.policy_step` plays one batch of training rooms with the
20 policies (16 rooms each, as `mesa-maze lab --retrain` does), then times,
on those same episodes:

- NumPy: the A2C gradient (`goal_policy.a2c_gradients`: the forward pass of
  every step kept from playing, the backward pass written out) and the Adam
  step, as the lab trains; and playing the batch (forward passes only);
- PyTorch, if it is importable: the same network (a 3x3 convolution per
  policy as one grouped `Conv2d`, the hidden layer, the policy and value
  heads) over the same episodes, forward and `backward()` of the same A2C
  objective, and `torch.optim.Adam`'s step; and the forward passes alone.

PyTorch is not a dependency of the game; without it the script says so and
prints the figures measured with it (in docs/lab.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from game.lab import goal_policy
from game.lab.adam import Adam
from game.lab.channels import type_inputs

REPEATS = 5
MEASURED_WITH_TORCH = """\
PyTorch is not installed here (it is not a dependency of the game). Measured with torch 2.13.0+cpu
in three runs of this script on this 2-core machine, shared with other work (docs/lab.md,
"NumPy or PyTorch"), best of 5 in each run, ms:
  numpy  play (forward passes)              311   124    60
  numpy  a2c gradient + adam step           442   157   109
  torch  forward passes (no grad)           848    82   244
  torch  forward + backward + adam step    4690   377  1025"""


def best_of(run: Callable[[], object], repeats: int = REPEATS) -> float:
    """The fastest of `repeats` runs, in milliseconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return 1000 * min(times)


def numpy_figures(settings: goal_policy.PolicySettings) -> tuple[dict[str, float], goal_policy.Played, dict]:
    params = goal_policy.initial_params(settings)
    table = type_inputs(1.0).astype(np.float32)
    rng = np.random.default_rng(0)
    batch = goal_policy.rooms(rng, settings.agents * settings.batch, (goal_policy.GREEN_EXIT,))
    record = goal_policy.play(params, batch, table, np.random.default_rng(1), keep=True)
    adam = Adam({k: v.copy() for k, v in params.items()}, settings.learning_rate)

    def step() -> None:
        grads = goal_policy.a2c_gradients(params, record, table, settings)
        adam.ascend({k: v.copy() for k, v in params.items()}, grads)

    figures = {
        "play (forward passes)": best_of(
            lambda: goal_policy.play(params, batch, table, np.random.default_rng(1))
        ),
        "a2c gradient + adam step": best_of(step),
    }
    return figures, record, {"params": params, "batch": batch, "table": table}


def torch_figures(
    settings: goal_policy.PolicySettings, record: goal_policy.Played, given: dict
) -> dict[str, float]:
    import torch

    torch.set_num_threads(2)
    params, batch, table = given["params"], given["batch"], given["table"]
    policies, filters = params["conv"].shape[0], params["conv"].shape[2]
    envs = batch.cells.shape[0] // policies
    side = goal_policy.PADDED
    k = goal_policy.KERNEL
    # the rooms as channel images: (envs per policy, policies * 12, side, side), grouped by policy
    images = table[batch.cells].reshape(policies, envs, side, side, -1).transpose(1, 0, 4, 2, 3)
    images_t = torch.tensor(np.ascontiguousarray(images).reshape(envs, -1, side, side))
    # kernel (policies, 9 * 12, filters) -> (policies * filters, 12, 3, 3)
    conv = params["conv"].reshape(policies, k, k, -1, filters).transpose(0, 4, 3, 1, 2)
    weights = {
        "conv": torch.tensor(
            np.ascontiguousarray(conv).reshape(policies * filters, -1, k, k), requires_grad=True
        ),
        **{
            name: torch.tensor(params[name], requires_grad=True)
            for name in ("conv_b", "w1", "b1", "pi", "pi_b", "v", "v_b")
        },
    }
    full = side - k + 1
    windows = [
        torch.tensor(goal_policy.crop(pos).reshape(policies, envs, -1), dtype=torch.long)
        for pos in record.positions
    ]
    actions = [torch.tensor(a.reshape(policies, envs)) for a in record.actions]
    alive = np.stack(record.alive)
    per_policy = alive.reshape(len(record.alive), policies, -1).sum(axis=(0, 2)).clip(1)
    weight = [
        torch.tensor((a.reshape(policies, envs) / per_policy[:, None]).astype(np.float32))
        for a in record.alive
    ]
    g = torch.tensor(goal_policy.returns(record, settings.discount).reshape(-1, policies, envs))
    optimiser = torch.optim.Adam(list(weights.values()), lr=settings.learning_rate)

    def objective() -> torch.Tensor:
        w = weights
        maps = torch.nn.functional.conv2d(
            images_t, w["conv"], groups=policies
        )  # (envs, policies*f, full, full)
        maps = (
            maps.reshape(envs, policies, filters, full * full).permute(1, 0, 3, 2)
            + w["conv_b"][:, None, None, :]
        )
        maps = torch.relu(maps)  # (policies, envs, full^2, filters)
        total = torch.zeros(())
        for t, window in enumerate(windows):
            flat = torch.gather(maps, 2, window[..., None].expand(-1, -1, -1, filters)).reshape(
                policies, envs, -1
            )
            h = torch.relu(torch.bmm(flat, w["w1"]) + w["b1"][:, None, :])
            logits = torch.bmm(h, w["pi"]) + w["pi_b"][:, None, :]
            log_p = torch.log_softmax(logits, dim=2)
            value = torch.bmm(h, w["v"][:, :, None])[:, :, 0] + w["v_b"][:, None]
            advantage = (g[t] - value).detach()
            chosen = torch.gather(log_p, 2, actions[t][..., None])[..., 0]
            entropy = -(log_p.exp() * log_p).sum(dim=2)
            step = chosen * advantage - settings.value / 2 * (g[t] - value) ** 2 + settings.entropy * entropy
            total = total + (step * weight[t]).sum()
        return total

    def step() -> None:
        optimiser.zero_grad()
        (-objective()).backward()
        optimiser.step()

    def forward() -> None:
        with torch.no_grad():
            objective()

    return {"forward passes (no grad)": best_of(forward), "forward + backward + adam step": best_of(step)}


def main() -> None:
    settings = goal_policy.PolicySettings()
    figures, record, given = numpy_figures(settings)
    steps = len(record.actions)
    print(
        f"one training step of {settings.agents} policies x {settings.batch} rooms ({steps} moves), "
        f"best of {REPEATS}:"
    )
    for name, ms in figures.items():
        print(f"  numpy  {name:<34} {ms:7.1f} ms")
    try:
        import torch
    except ImportError:
        print(MEASURED_WITH_TORCH)
        return
    for name, ms in torch_figures(settings, record, given).items():
        print(f"  torch  {name:<34} {ms:7.1f} ms  (torch {torch.__version__})")


if __name__ == "__main__":
    main()
