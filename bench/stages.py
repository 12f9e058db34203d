#!/usr/bin/env python3
"""Per-stage CPU of the gateway from an async-profiler collapsed-stack file (bench/run.sh PROFILE=1).

Usage: stages.py NAME FILE CPU_US_PER_REQUEST [NAME FILE CPU_US_PER_REQUEST ...]   (one column per profiled contender)
Each sample is charged to the innermost pipeline stage on its stack (a stage's next() nests the later stages, so
the innermost one is the stage doing the work), its continuations (the proxy's answer callbacks) included, or,
when no stage is on the stack, to the framework part it is in. Socket writes (the kernel's loopback send) are
shown apart wherever they happen, since every proxy pays them. Prints, per contender, the microseconds of CPU per
request (the share of samples times the CPU per request measured in the same round) and the share of samples.
"""
import collections
import re
import sys

GATEWAY = re.compile(r'^io[/.]deletiongateway[/.]((?:[a-z]+[/.])*)([A-Z][A-Za-z0-9]*)')
WRITE = ('FileDispatcherImpl.write0', 'FileDispatcherImpl.writev0')
FRAMEWORK = [  # (what the frame says, category) for samples outside any stage, first match from the leaf wins
    ('BodyHandlerImpl', 'body (vertx-web BodyHandler)'),
    ('RouterImpl', 'router (vertx-web)'),
    ('Http1xClientConnection', 'backend client (vert.x)'),
    ('HttpClient', 'backend client (vert.x)'),
    ('io/vertx/circuitbreaker', 'backend client (vert.x)'),
    ('HttpObjectDecoder', 'HTTP decoding (netty)'),
    ('Http1xServerConnection', 'HTTP server (vert.x)'),
    ('SocketDispatcher.read0', 'socket reads (kernel)'),
    ('EPoll.wait', 'event loop (epoll)'),
    ('SingleThreadIoEventLoop', 'event loop (netty)'),
    ('GC', 'garbage collection'),
    ('PSPromotion', 'garbage collection'),
    ('PSScavenge', 'garbage collection'),
    ('Compile', 'JIT compiler'),
    ('C2', 'JIT compiler'),
]


def stage_of(frame):
    """The pipeline stage a gateway frame belongs to (its class, outer class for lambdas and inner classes)."""
    m = GATEWAY.match(frame)
    if not m:
        return None
    cls = m.group(2)
    if cls in ('Gateway', 'GatewayRuntime'):  # the listener's entry: what follows is the router's or a stage's
        return None
    method = frame.rsplit('.', 1)[-1]
    if method.startswith('handle') or method.startswith('lambda$handle') or cls in ('BackendProxy', 'FailureStage'):
        return cls
    return None


# What the proxy stage calls in Vert.x to send the request and the answer: what every Vert.x proxy pays.
PROXYING = ('Http1xServerResponse', 'HttpClientRequest', 'CleanableHttpClient', 'HttpClientImpl', 'Http1xClientConnection')


def category(frames):
    if any(f.endswith(WRITE) for f in frames):
        return 'socket writes (kernel)'
    for i in range(len(frames) - 1, -1, -1):
        s = stage_of(frames[i])
        if s == 'BackendProxy' and any(marker in f for f in frames[i + 1:] for marker in PROXYING):
            return 'proxying (vert.x client and response calls)'
        if s:
            return s
    for f in reversed(frames):
        for marker, name in FRAMEWORK:
            if marker in f:
                return name
    return 'other (netty, JVM)'


def charge(path):
    samples = collections.Counter()
    for line in open(path):
        stack, _, count = line.rstrip('\n').rpartition(' ')
        samples[category(stack.split(';'))] += int(count)
    return samples


def main():
    runs = [(sys.argv[i], sys.argv[i + 1], float(sys.argv[i + 2])) for i in range(1, len(sys.argv) - 2, 3)]
    # Per contender: where -> (cpu us per request, share of samples).
    charged = []
    for name, path, cpu_us in runs:
        samples = charge(path)
        total = sum(samples.values())
        charged.append((name, {w: (cpu_us * n / total, 100 * n / total) for w, n in samples.items()}, cpu_us))
    order = collections.Counter()
    for _, spent, _ in charged:
        for where, (us, _) in spent.items():
            order[where] += us
    print(f"{'cpu us per request':44s}" + ''.join(f"{name:>18s}" for name, _, _ in charged))
    for where, _ in order.most_common():
        cells = [f"{spent[where][0]:11.1f} {spent[where][1]:4.1f}%" if where in spent else f"{'-':>18s}"
                 for _, spent, _ in charged]
        print(f"{where:44s}" + ''.join(f"{c:>18s}" for c in cells))
    # Stages are named by their class (one word); framework parts by a phrase ("HTTP server (vert.x)", "JIT compiler").
    stage_cells = [f"{sum(us for w, (us, _) in spent.items() if ' ' not in w):11.1f}      " for _, spent, _ in charged]
    print(f"{'pipeline stages together':44s}" + ''.join(f"{c:>18s}" for c in stage_cells))
    print(f"{'measured in all':44s}" + ''.join(f"{cpu_us:11.1f}      " for _, _, cpu_us in charged))


if __name__ == '__main__':
    main()
