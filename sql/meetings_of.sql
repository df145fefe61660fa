-- name: meetings_of
-- title: Meetings of an actor
-- question: Which meetings did an actor (or, for a state, anyone acting for it) take part in, with whom?
-- param: for_actor VARCHAR = felix-tshisekedi | actor id (see the actors table)
FROM meetings_between(actor_a := for_actor, actor_b := NULL)
