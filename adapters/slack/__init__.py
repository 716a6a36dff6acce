"""The coach in Slack: slack-bolt wired to :class:`coach.engine.Coach`.

Modules: ``app`` builds the Bolt app (one factory), ``listeners`` turns slash commands,
taps, modal submissions, the message shortcut and events into engine calls,
``blocks`` lays engine replies out as Block Kit, ``home`` publishes the App Home,
``modals`` builds and reads the forms, ``delivery`` sends replies (response URL or
the app's DM), ``sender`` delivers nudges, ``oauth`` serves many workspaces, and
``server`` serves it all over HTTP or Socket Mode.
"""
