"""The green channel's use cases: one function per thing a person does, each in one transaction."""
