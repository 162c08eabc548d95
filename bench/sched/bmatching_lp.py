#!/usr/bin/env python3
"""bmatching_lp.py PROBLEM.json MODEL.lp [split]: the b-matching relaxation
behind the solver's upper bound, as an LP for CBC (`cbc MODEL.lp -primalS`),
to cross-check the bound's coordinate descent.  Capacity of a participant:
the number of distinct start times among slots where it could meet someone
(equal to the solver's chain DP when venues run back to back in parallel,
as `schedule gen` makes them), capped by max_meetings.  With "split", each
participant's capacity is split by day (a stronger relaxation, to see
whether it would tighten the bound).  Tables are not modelled.
"""
import json,sys
from datetime import datetime
pr=json.load(open(sys.argv[1]))
slots=pr['slots'];S=len(slots);sid={s['id']:i for i,s in enumerate(slots)}
st=[datetime.fromisoformat(s['start']).timestamp() for s in slots]
day=[s['start'][:10] for s in slots]
P=pr['participants'];pid={p['id']:i for i,p in enumerate(P)}
av=[set(sid[x] for x in p['available']) if 'available' in p else set(range(S)) for p in P]
w={}
for r in pr['requests']:
    a,b=pid[r['a']],pid[r['b']];k=(min(a,b),max(a,b));w[k]=w.get(k,0)+r.get('weight',1)
keys=[k for k in w if av[k[0]]&av[k[1]]]
seen=[set() for _ in P]
for a,b in keys:
    c=av[a]&av[b]; seen[a]|=c; seen[b]|=c
days=sorted(set(day))
split = len(sys.argv) > 3 and sys.argv[3] == "split"
out=open(sys.argv[2],'w')
var=[]
for i,(a,b) in enumerate(keys):
    ds=sorted(set(day[s] for s in av[a]&av[b])) if split else ['all']
    for d in ds: var.append((i,d))
out.write('Maximize\n obj: '+' + '.join('%d x%d_%s'%(w[keys[i]],i,d.replace('-','')) for i,d in var)+'\nSubject To\n')
def name(i,d): return 'x%d_%s'%(i,d.replace('-',''))
byr={};bypd={};byp={}
for i,d in var:
    a,b=keys[i]
    byr.setdefault(i,[]).append(name(i,d))
    for p in (a,b):
        bypd.setdefault((p,d),[]).append(name(i,d)); byp.setdefault(p,[]).append(name(i,d))
k=0
for i,l in byr.items():
    if len(l)>1: k+=1; out.write(' r%d: '%k+' + '.join(l)+' <= 1\n')
for (p,d),l in bypd.items():
    sl=[s for s in seen[p] if d=='all' or day[s]==d]
    c=len(set(st[s] for s in sl))
    if len(l)>c: k+=1; out.write(' c%d: '%k+' + '.join(l)+' <= %d\n'%c)
for p,l in byp.items():
    if 'max_meetings' in P[p] and len(l)>P[p]['max_meetings']: k+=1; out.write(' m%d: '%k+' + '.join(l)+' <= %d\n'%P[p]['max_meetings'])
out.write('Bounds\n'+''.join(' %s <= 1\n'%name(i,d) for i,d in var)+'End\n')
