"""The caseworker's world in plain Python: records, rules and the workflow. No I/O at all.

Modules, one concept each: `ids`, `people`, `cases`, `placements`, `visitation_plans`,
`home_visits`, `visitation_entries`, `transport_trips` (the records); `workflow` and `commands`
(draft → submitted → approved); `validation` (`problems`, `check`); `serialization` (`to_dict`,
`from_dict`, `KINDS`); `metadata` (field classes for store, server and sync); `patches` (three-way
merge); `restraints` and `rule_pack` (jurisdiction rules as data).
"""
