-- A conversation row names its last message's sender by id; clients show the sender's nickname
-- from that id. For the change feed to carry a sender's new nickname, a row must change when the
-- profile it shows changes: like peer_info_ver for the peer, this is the profile version of the
-- last message's sender as the row last showed it (0 when there is no message yet).
ALTER TABLE user_conversation_view
  ADD COLUMN last_message_sender_info_ver bigint NOT NULL DEFAULT 0;

UPDATE user_conversation_view AS v SET last_message_sender_info_ver = u.info_ver
FROM "user" AS u
WHERE u.id = v.last_message_sender_id AND v.last_message_sender_id <> 0;
