"""The demo's jobs side: the young people's job profiles, shared offers on the demo territories, and positionings.

- catalogue: the sectors in tension the field reports name (ROME codes, skills, employers, pay);
- profiles: what each young person looks for (seeded per person);
- offers: about 400 offers from France Travail, the Missions Locales, temp agencies and employers;
- positionings: young people put forward on offers, played through the positioning services (events included);
- summary: what load_demo prints, and the example used by the browser journey.
"""
