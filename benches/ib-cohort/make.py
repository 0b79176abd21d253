#!/usr/bin/env python3
"""Writes the IB-style cohort of issue 13 into this folder (seeded, so the same every run):
80 DP pupils, 7 one-period blocks A-G at fixed slots, HL subjects allowed only in A-D and SL
subjects only in D-G (D shared), teachers away from some blocks, class caps of 17. Each pupil
takes 3 HL and 3 SL subjects (6 main choices, one per block at most) and a reserve."""
import os, random

here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(13)
days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
periods = ["P1", "P2", "P3", "P4", "P5", "P6", "P7"]
blocks = "ABCDEFG"
slots = {b: [f"{days[i]}:{periods[(k + i) % 7]}" for i in range(1)] for k, b in enumerate(blocks)}
subjects = ["ENG", "HIS", "ECO", "BIO", "CHE", "PHY", "MAT", "SPA", "GEO", "PSY"]
weights = [10, 6, 8, 7, 6, 5, 9, 5, 4, 4]
with open(os.path.join(here, "school.toml"), "w") as f:
    f.write('name = "IB-style cohort (issue 13 benchmark)"\nstages = ["DP1"]\n\n[week]\n')
    f.write(f"days = {days!r}\nperiods = {periods!r}\n".replace("'", '"'))
    f.write('\n[[scheme]]\nname = "DP1"\nstages = ["DP1"]\n')
    f.write(f"blocks = {list(blocks)!r}\n".replace("'", '"'))
    f.write("periods = 1\n")
    f.write("slots = { " + ", ".join(f'{b} = ["{s[0]}"]' for b, s in slots.items()) + " }\n")
    f.write("\n[solve]\ntime_limit_s = 10\nseed = 1\n")
with open(os.path.join(here, "courses.csv"), "w") as f:
    f.write("course,name,kind,periods,min_size,max_size,max_classes,room_type,stages,blocks\n")
    for s in subjects:
        f.write(f"{s}-HL,{s} HL,option,1,4,17,3,class,DP1,A;B;C;D\n")
        f.write(f"{s}-SL,{s} SL,option,1,4,17,3,class,DP1,D;E;F;G\n")
pupils = [f"D{i:03}" for i in range(1, 81)]
with open(os.path.join(here, "pupils.csv"), "w") as f:
    f.write("pupil,name,stage,tutor_group\n")
    for i, p in enumerate(pupils):
        f.write(f"{p},Pupil {p},DP1,T{i % 4 + 1}\n")
with open(os.path.join(here, "choices.csv"), "w") as f:
    f.write("pupil,course,rank,reserve\n")
    for p in pupils:
        six = []
        while len(six) < 6:
            s = rng.choices(subjects, weights)[0]
            if s not in six:
                six.append(s)
        for r, s in enumerate(six):
            level = "HL" if r < 3 else "SL"
            f.write(f"{p},{s}-{level},{r + 1},0\n")
        rest = [s for s in subjects if s not in six]
        f.write(f"{p},{rng.choice(rest)}-SL,7,1\n")
with open(os.path.join(here, "staff.csv"), "w") as f:
    f.write("staff,name,max_periods,teaches,unavailable\n")
    n = 0
    for s in subjects:
        for k in range(2):
            n += 1
            # Every third teacher is away at one block's slot (a part-timer's morning).
            away = slots[blocks[(n * 3) % 7]][0] if n % 3 == 0 else ""
            f.write(f"S{n:02},Teacher {n},5,{s}-HL;{s}-SL,{away}\n")
with open(os.path.join(here, "rooms.csv"), "w") as f:
    f.write("room,capacity,type,unavailable\n")
    for r in range(1, 11):
        f.write(f"R{r:02},20,class,\n")
