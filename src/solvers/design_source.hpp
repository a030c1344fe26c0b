#pragma once
// The encoded training data as the solvers see it: blocks of rows of the design matrix X
// (after imputation, scaling and one-hot encoding), with targets and sample weights.
// Solvers pass over the blocks (several passes are fine) and keep only O(d^2) state per part.
// A source may hold every block in memory or build each one when asked; either way a block
// always holds the same rows, so results do not depend on how the source stores them.
//
// Distributed fits (issue #15): under mlctl-mpi each rank's source holds its share of the rows,
// and attach() gives it the job's communicator. Every pass then adds up its parts on each rank
// and sums the result over the ranks with one allreduce (sum_over_ranks), as LIBLINEAR's MPI
// version does inside its objective: ridge's Gram matrix and X'y (or each CG product), the
// logistic losses' value, gradient and Hessian, each Hessian-vector product and the
// preconditioner's diagonal or blocks, the class weights. Every result, and so every decision
// the solvers take from the data, is then the same on every rank, and equal (to rounding) to
// one process's fit on all the rows. Every rank's source must have the same features() and
// one_hot_layout(); a rank may hold no rows.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <Eigen/Dense>

namespace mlctl::distributed {
class Communicator;
}

namespace mlctl::solvers {

using BlockVisitor = std::function<void(const Eigen::MatrixXd& X,    // rows x features()
                                        const Eigen::VectorXd& y,    // value, or class 0..K-1
                                        const Eigen::VectorXd& w)>;  // sample weights

// One block of rows; a source that builds blocks on demand builds them here.
struct Block {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  Eigen::VectorXd w;
};

// A design whose encoded columns split in two: columns kept dense, and groups of one-hot
// columns (a categorical feature each) of which a row sets at most one. Passes that multiply
// X by a vector read such blocks with each group as one column index per row: a fraction of
// the bytes of the dense rows.
struct OneHotLayout {
  std::vector<Eigen::Index> dense;  // the encoded column of each dense column, ascending
  Eigen::Index groups = 0;
};

using ActiveColumns = Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic>;

// A block of rows in that form, with its own memory. X is OneHotView::expand of it.
struct OneHotBlock {
  Eigen::MatrixXd dense;  // rows x layout.dense.size()
  // rows x groups: the encoded column a row sets to 1 in each group, or -1 for none.
  ActiveColumns active;
  Eigen::VectorXd y;
  Eigen::VectorXd w;
};

// A one-hot block where its data is: a OneHotBlock's, or memory that holds many blocks side by
// side (pipeline::EncodedSource stores them so, in one huge-page mapping instead of four
// allocations per block). Valid while that memory is. Each array starts aligned as Eigen's own
// (EIGEN_MAX_ALIGN_BYTES), so a product reads it exactly as it reads a matrix's.
struct OneHotView {
  using Dense = Eigen::Map<const Eigen::MatrixXd, Eigen::AlignedMax>;
  using Active = Eigen::Map<const ActiveColumns, Eigen::AlignedMax>;
  using Vector = Eigen::Map<const Eigen::VectorXd, Eigen::AlignedMax>;

  OneHotView(const OneHotBlock& block)  // NOLINT(google-explicit-constructor): a view of it
      : OneHotView(block.dense.data(), block.active.data(), block.y.data(), block.w.data(),
                   block.dense.rows(), block.dense.cols(), block.active.cols()) {}
  OneHotView(const double* dense_data, const std::int32_t* active_data, const double* y_data,
             const double* w_data, Eigen::Index rows, Eigen::Index dense_columns,
             Eigen::Index groups)
      : dense(dense_data, rows, dense_columns),
        active(active_data, rows, groups),
        y(y_data, rows),
        w(w_data, rows) {}

  // The dense block: `features` columns, ones where `active` says, the dense columns copied.
  void expand(const OneHotLayout& layout, Eigen::Index features, Block& out) const;

  Dense dense;
  Active active;
  Vector y;
  Vector w;
};

class DesignSource {
 public:
  virtual ~DesignSource() = default;
  virtual std::size_t rows() const = 0;
  virtual std::size_t features() const = 0;
  virtual std::size_t block_count() const = 0;
  // Block `index` (< block_count()): a stored block, or `scratch` filled with it. Blocks cover
  // every row once, in the same order on every call. Safe to call from several threads at once
  // with distinct `scratch` blocks.
  virtual const Block& block(std::size_t index, Block& scratch) const = 0;
  // Worker threads for passes over the blocks (1 = the calling thread only).
  virtual unsigned threads() const = 0;
  // Sources that also hand out their blocks as OneHotBlocks: the layout; nullptr otherwise.
  virtual const OneHotLayout* one_hot_layout() const { return nullptr; }
  // Block `index` in one-hot form (the same rows as block()): stored, or built in `scratch`;
  // only when one_hot_layout() is set (Error(internal) otherwise). The same thread-safety as
  // block().
  virtual OneHotView one_hot_block(std::size_t index, OneHotBlock& scratch) const;

  // Visits every block in order on the calling thread.
  void for_each_block(const BlockVisitor& visit) const;

  // The job whose ranks' sources together hold the rows; nullptr (the default): this process
  // holds them all. Collective (every rank calls it: it sums the row counts). The communicator
  // must outlive the fits.
  void attach(distributed::Communicator* communicator);
  distributed::Communicator* communicator() const { return communicator_; }
  // The rows of every rank's source: rows() when alone.
  std::size_t total_rows() const { return communicator_ ? total_rows_ : rows(); }

 private:
  distributed::Communicator* communicator_ = nullptr;
  std::size_t total_rows_ = 0;
};

// With data.communicator(): `sums` summed over the ranks, in place (the same on every rank);
// alone: nothing, not a bit changes. Each pass calls it once, after adding up its parts.
void sum_over_ranks(const DesignSource& data, std::span<double> sums);

// Splits the blocks of `data` into at most `max_parts` contiguous runs (how many depends on the
// block count only) and calls work(part, first_block, end_block) for each, on data.threads()
// threads. Callers keep one partial sum per part and add them up in part order: the total is
// then bit-identical for any thread count. Returns the number of parts (0 for no rows).
std::size_t part_count(const DesignSource& data, std::size_t max_parts);
// How many parts a pass may use when each part keeps `state_doubles` doubles of partial sums:
// up to 16 (enough to balance the blocks over the threads), fewer when that state is large
// (a multinomial Hessian). It depends on the problem's shape only.
std::size_t max_parts_for_state(std::size_t state_doubles);
void for_each_part(const DesignSource& data, std::size_t max_parts,
                   const std::function<void(std::size_t part, std::size_t first_block,
                                            std::size_t end_block)>& work);

// A DesignSource over matrices already in memory (tests, small data).
class MatrixSource final : public DesignSource {
 public:
  // `w` empty means every weight is 1.
  MatrixSource(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, Eigen::VectorXd w = {},
               std::size_t block_rows = 4096, unsigned threads = 1);
  std::size_t rows() const override { return rows_; }
  std::size_t features() const override { return features_; }
  std::size_t block_count() const override { return blocks_.size(); }
  const Block& block(std::size_t index, Block&) const override { return blocks_[index]; }
  unsigned threads() const override { return threads_; }

 private:
  std::vector<Block> blocks_;
  std::size_t rows_;
  std::size_t features_;
  unsigned threads_;
};

}  // namespace mlctl::solvers
