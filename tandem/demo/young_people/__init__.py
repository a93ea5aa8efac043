"""The demo's young people: about 300 fictitious persons living on the demo territories, and their referral flows.

- identities: who they are (Faker fr_FR, seeded per person);
- teams: who works with them, read from the partnerships of the scenarios;
- stories: what happens to each, and when (seeded choices, no database);
- flows, follow_up: the stories played through the people and referrals services, events included.
"""
