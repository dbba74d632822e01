import Database from 'better-sqlite3';

const db = new Database(process.env.EHR_SQLITE ?? '/srv/ehr/ehr.db');
db.exec('CREATE TABLE IF NOT EXISTS reset_tokens (user_id INTEGER, token TEXT, expires INTEGER)'); // sbd-bench: tn command-injection

export interface UserRow {
  id: number;
  username: string;
  email: string;
  role: string;
  passwordHash: string;
}

export async function findUserByName(username: string): Promise<UserRow | undefined> {
  return db.prepare('SELECT id, username, email, role, password_hash AS passwordHash FROM users WHERE username = ?').get(username) as UserRow | undefined; // sbd-bench: tn sql-injection
}

export async function saveResetToken(userId: number, token: string, expires: number): Promise<void> {
  db.prepare('INSERT INTO reset_tokens (user_id, token, expires) VALUES (?, ?, ?)').run(userId, token, expires);
}

export function medicationsFor(patientId: string, status: string) {
  return db.prepare(`SELECT * FROM medication_orders WHERE patient_id = '${patientId}' AND status = '${status}'`).all(); // sbd-bench: tp sql-injection
}

export function archivePatient(mrn: string): void {
  db.exec(`UPDATE patients SET archived = 1 WHERE mrn = '${mrn}'`); // sbd-bench: tp sql-injection
}
