"""Turns a Sweep result written by `sweep run SPEC --local --out RESULT` into the recorded curves the verdict tests
read: one Trial per line (the contract's Trial JSON with its history), figures to 7 significant digits, the verdict
the engine gave then kept as "recordedVerdict"."""
import json, sys

def g(x):
    return float('%.7g' % x) if isinstance(x, float) else x

def trim(value):
    if isinstance(value, dict): return {k: trim(v) for k, v in value.items()}
    if isinstance(value, list): return [trim(v) for v in value]
    return g(value)

result = json.load(open(sys.argv[1]))
with open(sys.argv[2], 'w') as out:
    for t in result['trials']:
        t = dict(t)
        t['recordedVerdict'] = t.pop('verdict')
        for field in ('trialId', 'silo', 'wallSeconds', 'attempts', 'error'): t.pop(field, None)
        out.write(json.dumps(trim(t), separators=(',', ':')) + '\n')
