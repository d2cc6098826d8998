"""Teams (issue 11): a group chat where Comeback posts a daily roll-call.

`model` and `board` are pure (no I/O, no clock): what a team setup says, what each member lets
the team see, and the words of every team post. `desk` answers the team commands with the
platform and the store; `roll_call` posts the daily roll-calls from the scheduler's tick.
"""
