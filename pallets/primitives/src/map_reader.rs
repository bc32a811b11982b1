//! Many reads of one storage map, for the runtime-API queries.
//!
//! FRAME's typed `get` hashes the map's prefix (two `twox_128`) and every part of the key
//! again at each read, and puts the key and the value on the runtime's heap. In Wasm each
//! hash and each allocation is a call out to the host: a query that reads a few maps for
//! each of an AVS's 256 operators spends most of its time there, not reading. A
//! [`MapReader`] takes the map's prefix as FRAME computed it at compile time and the parts
//! of each key already hashed (so a part shared by several reads, such as an operator's,
//! is hashed once), writes every key in one buffer, and reads each value into a buffer on
//! the stack (the host still hands back the value's length on the heap, not the value).
//!
//! The parts must be hashed with the hashers the map declares, in its order — a wrong one
//! reads nothing, silently: each pallet that reads with one tests its answers against what
//! its typed storage holds.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{Blake2_128Concat, StorageHasher, Twox64Concat};

/// Values up to this many bytes are read into the stack; longer ones through the heap.
const INLINE_VALUE: usize = 128;

/// The keys of one storage map, written one after the other in the same buffer.
pub struct MapReader {
	key: Vec<u8>,
	prefix: usize,
}

impl MapReader {
	/// A reader of the map whose keys start with `prefix`: FRAME's `prefix_hash()` of the
	/// map (`twox_128(pallet) ++ twox_128(storage)`).
	pub fn new(prefix: [u8; 32]) -> Self {
		let mut key = Vec::with_capacity(prefix.len().saturating_add(3 * 48));
		key.extend_from_slice(&prefix);
		Self { key, prefix: prefix.len() }
	}

	/// The full storage key of the entry whose hashed key parts are `parts`.
	pub fn key(&mut self, parts: &[&[u8]]) -> &[u8] {
		self.key.truncate(self.prefix);
		for part in parts {
			self.key.extend_from_slice(part);
		}
		&self.key
	}

	/// The value under the entry whose hashed key parts are `parts`: `None` if there is
	/// none, or if it does not decode as `V` (as FRAME's `get` of an option query).
	pub fn get<V: Decode>(&mut self, parts: &[&[u8]]) -> Option<V> {
		let key = self.key(parts);
		let mut value = [0u8; INLINE_VALUE];
		let len = usize::try_from(sp_io::storage::read(key, &mut value, 0)?).ok()?;
		match value.get(..len) {
			Some(mut bytes) => V::decode(&mut bytes).ok(),
			None => frame_support::storage::unhashed::get(key),
		}
	}
}

/// `key` hashed as a `Blake2_128Concat` part of a storage key.
pub fn blake2_128_concat<K: Encode>(key: &K) -> Vec<u8> {
	key.using_encoded(Blake2_128Concat::hash)
}

/// `key` hashed as a `Twox64Concat` part of a storage key.
pub fn twox_64_concat<K: Encode>(key: &K) -> Vec<u8> {
	key.using_encoded(Twox64Concat::hash)
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::storage::unhashed;

	const PREFIX: [u8; 32] = [7; 32];

	#[test]
	fn reads_what_is_stored_at_the_key_it_builds() {
		sp_io::TestExternalities::default().execute_with(|| {
			let mut reader = MapReader::new(PREFIX);
			let (a, b) = (blake2_128_concat(&[1u8; 32]), twox_64_concat(&5u32));
			let key = reader.key(&[&a, &b]).to_vec();
			assert_eq!(key.len(), 32 + 48 + 12);
			assert_eq!(key.get(..32), Some(&PREFIX[..]));
			assert_eq!(reader.get::<u128>(&[&a, &b]), None);
			unhashed::put(&key, &42u128);
			assert_eq!(reader.get::<u128>(&[&a, &b]), Some(42));
			// Another key in the same buffer: the previous one's parts are gone.
			assert_eq!(reader.get::<u128>(&[&a]), None);
			assert_eq!(reader.get::<u128>(&[&a, &b]), Some(42));
		});
	}

	#[test]
	fn reads_values_longer_than_the_inline_buffer_and_refuses_undecodable_ones() {
		sp_io::TestExternalities::default().execute_with(|| {
			let mut reader = MapReader::new(PREFIX);
			let part = twox_64_concat(&1u32);
			let long: Vec<u8> = (0..=255u8).cycle().take(INLINE_VALUE * 3).collect();
			unhashed::put(reader.key(&[&part]), &long);
			assert_eq!(reader.get::<Vec<u8>>(&[&part]), Some(long));
			let other = twox_64_concat(&2u32);
			unhashed::put_raw(reader.key(&[&other]), &[1, 2, 3]);
			assert_eq!(reader.get::<u128>(&[&other]), None);
		});
	}
}
