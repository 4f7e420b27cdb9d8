-- What a notification is about (issue 10 point 1): the trainee and the item, also kept in the
-- payload, as columns so that opening the item marks its notifications read with one indexed
-- statement. Notifications written before have neither and are marked read from the list.
ALTER TABLE notifications ADD COLUMN about_trainee TEXT;
ALTER TABLE notifications ADD COLUMN about_item TEXT;
CREATE INDEX notifications_unread_about ON notifications(recipient_id, about_trainee, about_item) WHERE read_at IS NULL;
