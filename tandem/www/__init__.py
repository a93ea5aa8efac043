"""Pages that need the rules of several apps (who may see a person, who may manage an organisation): they sit
above the domain apps, like the API, so that models and services never point up. Templates stay with their app."""
