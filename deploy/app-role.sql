CREATE ROLE tracker_app LOGIN PASSWORD 'change-me';
GRANT USAGE ON SCHEMA public TO tracker_app;
GRANT SELECT, INSERT ON tracker_events, tracker_chain TO tracker_app;
GRANT USAGE ON SEQUENCE tracker_events_notification_id_seq TO tracker_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tracker_app;
REVOKE UPDATE, DELETE ON tracker_events, tracker_chain FROM tracker_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tracker_app;
